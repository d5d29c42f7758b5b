package de.meldeweg.privacy;

import de.meldeweg.PersonalDataTables;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import de.meldeweg.texts.CitizenTexts;
import de.meldeweg.MeldewegProperties;

/**
 * Erases everything Meldeweg holds about one citizen when they send "Löschen", in the caller's
 * transaction (intake's, for the event that carries the command):
 *
 * <ul>
 * <li>the citizen row (encrypted number, user id, profile name, keyed hashes) and its links to
 * raw webhook events;</li>
 * <li>every inbound message and photo, every WhatsApp message to the citizen (sent or pending),
 * and the files of those messages in the outbox folder;</li>
 * <li>cases that never reached a department, with their deliveries; cases that did reach one keep
 * only what is pseudonymous (reference, category, department, ticket id, times): their report
 * text goes, and their deliveries that have not gone out are cancelled. An open case with a
 * ticket gets a {@code NOTE} delivery: a note on the ticket that the citizen cannot be answered;</li>
 * <li>the raw webhook events linked to the citizen, and parked (FAILED) events that mention their
 * number or user id. An event is deleted whole, also when it carries other senders: it has been
 * processed, what it said about them is in their own rows. The event that carries the command is
 * deleted by intake after processing it ({@link #dropEvent}).</li>
 * </ul>
 *
 * What remains is an {@code erasure_audit} row (keyed hashes, time, counts) and the keyed hashes
 * of the erased message ids ({@code erased_message}), so a redelivery brings nothing back. One
 * confirmation is queued with its own encrypted address; that row is deleted once it is sent or
 * given up.
 *
 * <p>Depends on tables, not on the classes that own them, so that this package stays at the
 * bottom of the package graph.
 */
@Component("erasure")
public class Erasure {

    public static final String CONFIRMATION = "whatsapp/erasure-confirmation.txt";
    public static final String HINT = "whatsapp/erasure-hint.txt";
    public static final String CONFIRMATION_PURPOSE = "ERASURE_CONFIRMATION";
    public static final String HINT_PURPOSE = "ERASURE_HINT";
    /** Meta redelivers a webhook for up to seven days; the keys of erased messages are kept twice as long. */
    static final Duration KEEP_ERASED_KEYS = Duration.ofDays(14);

    private static final Logger LOG = LoggerFactory.getLogger(Erasure.class);
    private final ObjectMapper json;
    private static final Pattern WHATSAPP_FILE = Pattern.compile("\\d{8}-\\d{6}-(\\d+)-[a-z_]+\\.json");
    private static final Set<String> IDENTITY_FIELDS = Set.of("from", "wa_id", "recipient_id", "from_user_id", "user_id",
            "recipient_user_id");

    private final JdbcTemplate jdbc;
    private final PersonalDataCipher cipher;
    private final CitizenTexts texts;
    private final Clock clock;
    private final Path whatsAppOutbox;

    private final java.util.Map<String, PersonalDataTables.Table> tables;

    public Erasure(ObjectMapper json, JdbcTemplate jdbc, PersonalDataCipher cipher, CitizenTexts texts, Clock clock,
                   MeldewegProperties meldeweg, List<PersonalDataTables> features) {
        this.json = json;
        this.tables = PersonalDataTables.registered(features);
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.texts = texts;
        this.clock = clock;
        this.whatsAppOutbox = Path.of(meldeweg.outboxDir(), "whatsapp");
        texts.text(CONFIRMATION);
        texts.text(HINT);
    }

    /** The tables with personal data that an erasure covers, as the features registered them. */
    public List<PersonalDataTables.Table> personalDataTables() {
        return tables.values().stream().filter(PersonalDataTables.Table::personalData).toList();
    }

    /** What one erasure did, for the audit row and the log: counts only. */
    public record Counts(int messages, int photos, int casesDropped, int casesKept, int deliveriesDropped,
                         int whatsAppMessages, int webhookEvents, int ticketNotes, int outboxFiles) {
    }

    /** A message with this keyed id belonged to an erased citizen (or was the command itself). */
    public boolean erasedMessage(String messageKey) {
        return count("SELECT COUNT(*) FROM erased_message WHERE message_key = ?", messageKey) > 0;
    }

    /** Someone with this keyed phone hash had their data erased (statuses of our messages to them still arrive). */
    public boolean erasedPhone(String phoneHash) {
        return phoneHash != null && count("SELECT COUNT(*) FROM erasure_audit WHERE phone_hash = ?", phoneHash) > 0;
    }

    /** Audit entries, newest first: those of one keyed phone hash, or the latest 100 when it is null. */
    public List<Map<String, Object>> audits(String phoneHash) {
        String columns = "SELECT id, erased_at, messages, photos, cases_dropped, cases_kept, deliveries_dropped, whatsapp_messages, "
                + "webhook_events, ticket_notes, outbox_files, confirmation, confirmed_at FROM erasure_audit ";
        return phoneHash == null
                ? jdbc.queryForList(columns + "ORDER BY erased_at DESC, id DESC FETCH FIRST 100 ROWS ONLY")
                : jdbc.queryForList(columns + "WHERE phone_hash = ? ORDER BY erased_at DESC, id DESC", phoneHash);
    }

    /**
     * Deletes a processed raw event that carried data of an erased citizen (the command itself, a
     * redelivery, a late status), with the WhatsApp errors recorded from it.
     */
    public void dropEvent(long eventId) {
        jdbc.update("DELETE FROM whatsapp_error WHERE event_id = ?", eventId);
        jdbc.update("DELETE FROM webhook_event WHERE id = ?", eventId);
    }

    /**
     * Erases the citizen; must run inside the caller's transaction. {@code commandEventId} is the
     * event being processed (left to {@link #dropEvent}), {@code commandKey} the keyed id of the
     * command message. Returns the audit id, or -1 when the citizen is gone already.
     */
    public long erase(long citizenId, long commandEventId, String commandKey) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("an erasure runs inside the transaction of the event that carries the command");
        }
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT phone_hash, user_id_hash, phone_enc, user_id_enc FROM citizen WHERE id = ? FOR UPDATE", citizenId);
        if (rows.isEmpty()) {
            return -1;
        }
        Map<String, Object> citizen = rows.get(0);
        Instant now = clock.instant();
        Timestamp at = Timestamp.from(now);
        long audit = insertAudit(at, (String) citizen.get("phone_hash"), (String) citizen.get("user_id_hash"));

        // Cases: dropped when nothing reached a department, otherwise kept without personal content.
        List<Long> dropped = new ArrayList<>();
        List<Long> kept = new ArrayList<>();
        List<Long> noted = new ArrayList<>();
        for (Map<String, Object> c : jdbc.queryForList("SELECT c.id, c.forwarded_at, c.closed_at, c.ticket_id, "
                + "(SELECT COUNT(*) FROM delivery d WHERE d.case_id = c.id AND d.state IN ('DELIVERED', 'SENDING')) AS reached, "
                + "(SELECT COUNT(*) FROM delivery d WHERE d.case_id = c.id AND d.channel = 'TICKET' AND d.state = 'DELIVERED') AS ticketed "
                + "FROM report_case c WHERE c.citizen_id = ?", citizenId)) {
            long id = ((Number) c.get("id")).longValue();
            boolean reached = c.get("forwarded_at") != null || ((Number) c.get("reached")).intValue() > 0;
            if (!reached) {
                dropped.add(id);
                continue;
            }
            kept.add(id);
            boolean hasTicket = c.get("ticket_id") != null || ((Number) c.get("ticketed")).intValue() > 0;
            if (c.get("closed_at") == null && hasTicket) {
                noted.add(id);
            }
        }
        int deliveries = 0;
        for (Long id : dropped) {
            deliveries += jdbc.update("DELETE FROM delivery WHERE case_id = ?", id);
        }
        for (Long id : kept) {
            // What has not gone out would carry the report; a delivery in flight finishes.
            deliveries += jdbc.update("DELETE FROM delivery WHERE case_id = ? AND state IN ('PENDING', 'DEAD') AND channel <> 'NOTE'", id);
        }
        for (Long id : noted) {
            jdbc.update("INSERT INTO delivery (case_id, channel, state, next_attempt_at, created_at) VALUES (?, 'NOTE', 'PENDING', ?, ?)",
                    id, at, at);
        }

        // Messages and photos; their keyed ids stay behind so that a redelivery is recognised.
        jdbc.update("INSERT INTO erased_message (message_key, erasure_id, erased_at) SELECT message_key, ?, ? FROM inbound_message "
                + "WHERE citizen_id = ? AND message_key <> ?", audit, at, citizenId, commandKey);
        jdbc.update("INSERT INTO erased_message (message_key, erasure_id, erased_at) VALUES (?, ?, ?)", commandKey, audit, at);
        int photos = count("SELECT COUNT(*) FROM inbound_media x JOIN inbound_message m ON m.id = x.message_id WHERE m.citizen_id = ?",
                citizenId);
        jdbc.update("DELETE FROM inbound_media WHERE message_id IN (SELECT id FROM inbound_message WHERE citizen_id = ?)", citizenId);
        int messages = jdbc.update("DELETE FROM inbound_message WHERE citizen_id = ?", citizenId);

        for (Long id : dropped) {
            jdbc.update("DELETE FROM report_case WHERE id = ?", id);
        }
        // The place named in the report and the similar-report links it made go with the report.
        jdbc.update("DELETE FROM case_similar WHERE case_id IN (SELECT id FROM report_case WHERE citizen_id = ?) "
                + "OR earlier_case_id IN (SELECT id FROM report_case WHERE citizen_id = ?)", citizenId, citizenId);
        jdbc.update("DELETE FROM case_location WHERE case_id IN (SELECT id FROM report_case WHERE citizen_id = ?)", citizenId);
        jdbc.update("UPDATE report_case SET report_enc = NULL, citizen_id = NULL WHERE citizen_id = ?", citizenId);

        // Our WhatsApp messages to the citizen, and their files when WhatsApp is not configured.
        Set<Long> outbound = new HashSet<>(jdbc.queryForList("SELECT id FROM outbound_message WHERE citizen_id = ?", Long.class, citizenId));
        int whatsApp = jdbc.update("DELETE FROM outbound_message WHERE citizen_id = ?", citizenId);
        List<Path> files = outboxFiles(outbound);

        // Raw webhook events: linked ones, and parked ones that were never linked.
        Set<Long> events = new HashSet<>(jdbc.queryForList("SELECT event_id FROM webhook_event_citizen WHERE citizen_id = ?",
                Long.class, citizenId));
        events.addAll(parkedEventsOf((String) citizen.get("phone_hash"), (String) citizen.get("user_id_hash")));
        events.remove(commandEventId);
        for (Long event : events) {
            dropEvent(event);
        }

        String confirmation = texts.text(citizenId, CONFIRMATION);
        jdbc.update("DELETE FROM citizen WHERE id = ?", citizenId);
        jdbc.update("DELETE FROM erased_message WHERE erased_at < ?", Timestamp.from(now.minus(KEEP_ERASED_KEYS)));

        // The one confirmation, addressed without a citizen row.
        jdbc.update("INSERT INTO outbound_message (citizen_id, purpose, body, state, next_attempt_at, created_at, to_phone_enc, "
                        + "to_user_id_enc, erasure_id) VALUES (NULL, ?, ?, 'PENDING', ?, ?, ?, ?, ?)",
                CONFIRMATION_PURPOSE, cipher.encrypt(confirmation), at, at, citizen.get("phone_enc"), citizen.get("user_id_enc"), audit);

        Counts counts = new Counts(messages, photos, dropped.size(), kept.size(), deliveries, whatsApp,
                events.size() + 1, noted.size(), files.size());
        jdbc.update("UPDATE erasure_audit SET messages = ?, photos = ?, cases_dropped = ?, cases_kept = ?, deliveries_dropped = ?, "
                        + "whatsapp_messages = ?, webhook_events = ?, ticket_notes = ?, outbox_files = ? WHERE id = ?",
                counts.messages(), counts.photos(), counts.casesDropped(), counts.casesKept(), counts.deliveriesDropped(),
                counts.whatsAppMessages(), counts.webhookEvents(), counts.ticketNotes(), counts.outboxFiles(), audit);
        deleteAfterCommit(files);
        LOG.info("Erasure {}: citizen {} erased on request: {} messages, {} photos, {} cases dropped, {} cases kept pseudonymous, "
                        + "{} deliveries cancelled, {} WhatsApp messages, {} webhook events, {} ticket notes queued, {} outbox files",
                audit, citizenId, counts.messages(), counts.photos(), counts.casesDropped(), counts.casesKept(),
                counts.deliveriesDropped(), counts.whatsAppMessages(), counts.webhookEvents(), counts.ticketNotes(), counts.outboxFiles());
        return audit;
    }

    private long insertAudit(Timestamp at, String phoneHash, String userIdHash) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement("INSERT INTO erasure_audit (erased_at, phone_hash, user_id_hash, "
                    + "messages, photos, cases_dropped, cases_kept, deliveries_dropped, whatsapp_messages, webhook_events, ticket_notes, "
                    + "outbox_files) VALUES (?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0)", new String[] {"id"});
            insert.setTimestamp(1, at);
            insert.setString(2, phoneHash);
            insert.setString(3, userIdHash);
            return insert;
        }, key);
        return key.getKey().longValue();
    }

    /**
     * Parked events (intake gave up on them, so they were never linked) that name the citizen:
     * few, so reading them is cheap.
     */
    private Set<Long> parkedEventsOf(String phoneHash, String userIdHash) {
        Set<Long> found = new HashSet<>();
        jdbc.query("SELECT id, body FROM webhook_event WHERE state = 'FAILED'", rs -> {
            try {
                if (names(json.readTree(cipher.openBytes(rs.getBytes(2))), phoneHash, userIdHash)) {
                    found.add(rs.getLong(1));
                }
            } catch (tools.jackson.core.JacksonException e) {
                // not JSON: it names nobody we could find
            }
        });
        return found;
    }

    private boolean names(JsonNode node, String phoneHash, String userIdHash) {
        if (node == null) {
            return false;
        }
        if (node.isObject()) {
            for (var field : node.properties()) {
                if (IDENTITY_FIELDS.contains(field.getKey()) && field.getValue().isString()) {
                    String value = field.getValue().asString("");
                    if (phoneHash != null && phoneHash.equals(cipher.keyedHash("phone", value.replaceAll("\\D", "")))) {
                        return true;
                    }
                    if (userIdHash != null && userIdHash.equals(cipher.keyedHash("user", value.trim()))) {
                        return true;
                    }
                }
                if (names(field.getValue(), phoneHash, userIdHash)) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (names(element, phoneHash, userIdHash)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Files of the erased WhatsApp messages in the outbox folder ({@code <time>-<id>-<purpose>.json}). */
    private List<Path> outboxFiles(Set<Long> outboundIds) {
        List<Path> files = new ArrayList<>();
        if (outboundIds.isEmpty() || !Files.isDirectory(whatsAppOutbox)) {
            return files;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(whatsAppOutbox, "*.json")) {
            for (Path file : dir) {
                Matcher m = WHATSAPP_FILE.matcher(file.getFileName().toString());
                if (m.matches() && outboundIds.contains(Long.parseLong(m.group(1)))) {
                    files.add(file);
                }
            }
        } catch (IOException e) {
            LOG.warn("The WhatsApp outbox folder could not be read for an erasure: {}", e.getClass().getSimpleName());
        }
        return files;
    }

    private void deleteAfterCommit(List<Path> files) {
        if (files.isEmpty()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                for (Path file : files) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        LOG.warn("Outbox file {} of an erased citizen could not be deleted: {}", file.getFileName(),
                                e.getClass().getSimpleName());
                    }
                }
            }
        });
    }

    private int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }
}
