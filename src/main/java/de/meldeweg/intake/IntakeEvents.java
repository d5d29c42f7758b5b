package de.meldeweg.intake;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import de.meldeweg.Backoff;
import de.meldeweg.citizen.Citizens;
import de.meldeweg.privacy.Erasure;
import de.meldeweg.whatsapp.WhatsAppProperties;

/**
 * Stored webhook events as intake takes them: which are pending, claiming one (its row lock),
 * splitting it into its parts, and recording the outcome. The routes {@code intake},
 * {@code intake-batch}, {@code intake-one} and {@code intake-event} decide what happens with them.
 */
@Component("intakeEvents")
public class IntakeEvents {

    public static final String NOTES = "intakeNotes";
    public static final String EVENT_ID = "intakeEventId";
    private static final Logger LOG = LoggerFactory.getLogger(IntakeEvents.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    private static final List<String> LISTS = List.of("messages", "statuses", "errors", "calls", "contacts");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;
    private final IntakeProperties intake;
    private final WhatsAppProperties whatsApp;
    private final Erasure erasure;
    private final Clock clock;
    private final de.meldeweg.privacy.PersonalDataCipher cipher;
    private final Citizens citizens;

    public IntakeEvents(JdbcTemplate jdbc, TransactionTemplate transaction, IntakeProperties intake,
                        WhatsAppProperties whatsApp, Erasure erasure, Clock clock, de.meldeweg.privacy.PersonalDataCipher cipher,
                        ObjectMapper json, Citizens citizens) {
        this.citizens = citizens;
        this.json = json;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.intake = intake;
        this.whatsApp = whatsApp;
        this.erasure = erasure;
        this.clock = clock;
        this.cipher = cipher;
    }

    /** Ids of stored events not processed yet and due (an event that failed waits for its next attempt), oldest first. */
    public List<Long> pending() {
        return jdbc.queryForList("SELECT id FROM webhook_event WHERE state = 'RECEIVED' "
                + "AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id FETCH FIRST "
                + intake.batchSize() + " ROWS ONLY", Long.class, Timestamp.from(clock.instant()));
    }

    /** A fresh record of what happens to the parts of one event. */
    public IntakeNotes notes() {
        return new IntakeNotes();
    }

    /**
     * Route {@code intake-batch}, inside its transaction: claims the batch's events with one
     * statement (their row locks, and their stored bodies for {@link #claim}) and returns the ids
     * claimed, in order; events processed meanwhile or held by another instance are left out. The
     * bodies are kept with the transaction only: once it ends (commit or rollback) they are gone,
     * so an event worked on afterwards (route {@code intake-one}) is claimed again on its own. The
     * events that end without a reason are marked processed together, with one statement right
     * before the batch's commit (see {@link #finish}).
     */
    public List<Long> claimAll(@Body List<Long> eventIds) {
        Batch batch = new Batch();
        jdbc.query(connection -> {
            PreparedStatement claim = connection.prepareStatement("SELECT id, body FROM webhook_event WHERE id = ANY(?) "
                    + "AND state = 'RECEIVED' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id FOR UPDATE SKIP LOCKED");
            claim.setArray(1, connection.createArrayOf("BIGINT", eventIds.toArray()));
            claim.setTimestamp(2, Timestamp.from(clock.instant()));
            return claim;
        }, rs -> {
            batch.bodies.put(rs.getLong(1), rs.getBytes(2));
        });
        if (TransactionSynchronizationManager.isSynchronizationActive() && !batch.bodies.isEmpty()) {
            TransactionSynchronizationManager.unbindResourceIfPossible(batchKey);
            TransactionSynchronizationManager.bindResource(batchKey, batch);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    // In the batch's transaction: a failure here rolls the whole batch back (then one by one).
                    linkPending();
                    if (!batch.processed.isEmpty()) {
                        jdbc.update(connection -> {
                            PreparedStatement done = connection.prepareStatement("UPDATE webhook_event SET state = 'PROCESSED', "
                                    + "reason = NULL, processed_at = ? WHERE id = ANY(?)");
                            done.setTimestamp(1, Timestamp.from(clock.instant()));
                            done.setArray(2, connection.createArrayOf("BIGINT", batch.processed.toArray()));
                            return done;
                        });
                    }
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(batchKey);
                }
            });
            return eventIds.stream().filter(batch.bodies::containsKey).toList();
        }
        // Not in a transaction: no lock is held, each event is claimed on its own.
        return eventIds;
    }

    /**
     * What {@link #claimAll} claimed in the current transaction, which of its events are processed,
     * and the links of its events to citizens not written yet ({@link #link}).
     */
    private static final class Batch {
        final Map<Long, byte[]> bodies = new HashMap<>();
        final List<Long> processed = new ArrayList<>();
        final Set<Citizens.EventLink> links = new LinkedHashSet<>();
    }

    /**
     * Links the event to the citizen it names (for erasure and retention), inside the event's
     * transaction. An event of a batch ({@link #claimAll}) has its links written with the batch's
     * other links, each once, with one statement right before the batch's commit (or before an
     * erasure in the batch, {@link #linkPending}); an event worked on alone is linked at once.
     */
    public void link(long eventId, long citizenId) {
        Batch batch = batchOf(eventId);
        if (batch != null) {
            batch.links.add(new Citizens.EventLink(eventId, citizenId));
            return;
        }
        citizens.linkEvent(eventId, citizenId);
    }

    /**
     * Writes the links of the current batch noted so far: before its commit, and before anything in
     * the batch reads them (an erasure finds a citizen's raw events by them).
     */
    public void linkPending() {
        Batch batch = batch();
        if (batch != null && !batch.links.isEmpty()) {
            citizens.linkEvents(batch.links);
            batch.links.clear();
        }
    }

    /** The key of the {@link Batch} of the current transaction. */
    private final Object batchKey = new Object();

    /** The batch of the current transaction ({@link #claimAll}), or null. */
    private Batch batch() {
        return TransactionSynchronizationManager.getResource(batchKey) instanceof Batch batch ? batch : null;
    }

    /** The batch of the current transaction if it claimed this event, or null. */
    private Batch batchOf(long eventId) {
        Batch batch = batch();
        return batch != null && batch.bodies.containsKey(eventId) ? batch : null;
    }

    /**
     * The raw body of a pending event (decrypted), locked for this transaction; null when it is processed
     * already or another instance holds it (that one processes it).
     */
    public byte[] claim(@Body Long eventId) {
        Batch batch = batchOf(eventId);
        if (batch != null) {
            // claimed with its batch, in this transaction (claimAll)
            return cipher.openBytes(batch.bodies.get(eventId));
        }
        List<byte[]> bodies = jdbc.queryForList("SELECT body FROM webhook_event WHERE id = ? AND state = 'RECEIVED' "
                + "AND (next_attempt_at IS NULL OR next_attempt_at <= ?) FOR UPDATE SKIP LOCKED", byte[].class, eventId,
                Timestamp.from(clock.instant()));
        // stored encrypted (webhook_event.body, after the signature check); older rows as they came
        return bodies.isEmpty() ? null : cipher.openBytes(bodies.get(0));
    }

    /**
     * Every message, status, error and call of the event, in the order WhatsApp sent them. What
     * does not fit WhatsApp's envelope (not JSON, another object, a foreign phone number id) is
     * noted with its reason and yields no part.
     */
    public List<IntakePart> parts(@Body byte[] body, @ExchangeProperty(EVENT_ID) long eventId,
                                  @ExchangeProperty(NOTES) IntakeNotes notes) {
        List<IntakePart> parts = new ArrayList<>();
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (StreamReadException e) {
            notes.note("malformed JSON at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
            return parts;
        } catch (Exception e) {
            notes.note("unreadable body: " + e.getClass().getSimpleName());
            return parts;
        }
        if (root == null || !root.isObject()) {
            notes.note("body is not a JSON object");
            return parts;
        }
        String object = root.path("object").asString("");
        if (!"whatsapp_business_account".equals(object)) {
            notes.note("object '" + IntakeMessages.clip(object) + "' is not handled");
            return parts;
        }
        JsonNode entries = root.path("entry");
        if (!entries.isArray() || entries.isEmpty()) {
            notes.note("no entry[]");
            return parts;
        }
        for (JsonNode entry : entries) {
            JsonNode changes = entry.path("changes");
            if (!changes.isArray()) {
                notes.note("entry without changes[]");
                continue;
            }
            for (JsonNode change : changes) {
                change(eventId, change, notes, parts);
            }
        }
        return parts;
    }

    private void change(long eventId, JsonNode change, IntakeNotes notes, List<IntakePart> parts) {
        String field = change.path("field").asString("");
        JsonNode value = change.path("value");
        if (!"messages".equals(field) && !"calls".equals(field)) {
            notes.note("field '" + IntakeMessages.clip(field) + "' is not handled");
            return;
        }
        if (!value.isObject()) {
            notes.note("change without value");
            return;
        }
        String phoneNumberId = value.path("metadata").path("phone_number_id").asString("");
        String ours = whatsApp.phoneNumberId();
        if (ours != null && !ours.isBlank() && !ours.equals(phoneNumberId)) {
            notes.note("phone_number_id " + IntakeMessages.clip(phoneNumberId) + " is not ours");
            return;
        }
        for (String list : LISTS) {
            if (value.has(list) && !value.get(list).isArray()) {
                notes.note("'" + list + "' is not a list");
            }
        }
        JsonNode contacts = value.path("contacts");
        value.path("messages").forEach(m -> parts.add(new IntakePart(IntakePart.MESSAGE, eventId, m, contacts)));
        value.path("calls").forEach(c -> parts.add(new IntakePart(IntakePart.CALL, eventId, c, contacts)));
        value.path("statuses").forEach(s -> parts.add(new IntakePart(IntakePart.STATUS, eventId, s, contacts)));
        value.path("errors").forEach(e -> parts.add(new IntakePart(IntakePart.ERROR, eventId, e, contacts)));
        if (!value.has("messages") && !value.has("statuses") && !value.has("errors") && !value.has("calls")) {
            notes.note("change without messages, statuses or errors");
        }
    }

    /** Records what became of the event; an event that carries data of an erased citizen goes. */
    public void finish(@ExchangeProperty(EVENT_ID) long eventId, @ExchangeProperty(NOTES) IntakeNotes notes) {
        String state = notes.state();
        String reason = notes.reason();
        Batch batch = batchOf(eventId);
        if (reason == null && !notes.isErased() && batch != null) {
            batch.processed.add(eventId); // marked with the batch's other events right before its commit (claimAll)
            return;
        }
        jdbc.update("UPDATE webhook_event SET state = ?, reason = ?, processed_at = ? WHERE id = ?",
                state, reason, Timestamp.from(clock.instant()), eventId);
        if (reason != null) {
            LOG.info("Webhook event {} {}: {}", eventId, state.toLowerCase(), reason);
        }
        if (notes.isErased()) {
            Batch current = batch();
            if (current != null) {
                current.links.removeIf(link -> link.eventId() == eventId); // they would go with the event
            }
            erasure.dropEvent(eventId);
            LOG.info("Webhook event {} deleted after processing: it carried data of an erased citizen", eventId);
        }
    }

    /**
     * The event's transaction failed and was rolled back: one attempt counted in a transaction of
     * its own, and the event waits before it is tried again ({@code meldeweg.intake.retry-initial},
     * doubling, see {@link Backoff}); after {@code meldeweg.intake.max-attempts} it is parked as FAILED.
     */
    public void failed(@ExchangeProperty(EVENT_ID) long eventId, @ExchangeProperty("CamelExceptionCaught") Exception cause) {
        Throwable root = cause;
        while (root != null && root.getCause() != null && root.getClass().getName().startsWith("org.apache.camel.")) {
            root = root.getCause(); // Camel's wrappers say nothing about what went wrong
        }
        String reason = "processing failed: " + (root == null ? "unknown" : root.getClass().getSimpleName());
        Integer attempt = transaction.execute(status -> {
            List<Integer> attempts = jdbc.queryForList("SELECT attempts FROM webhook_event WHERE id = ? AND state = 'RECEIVED' FOR UPDATE",
                    Integer.class, eventId);
            if (attempts.isEmpty()) {
                return null;
            }
            int next = attempts.get(0) + 1;
            Instant due = clock.instant().plus(new Backoff(intake.retryInitial(), MAX_BACKOFF).after(next));
            jdbc.update("UPDATE webhook_event SET attempts = ?, reason = ?, next_attempt_at = ?, state = ? WHERE id = ?",
                    next, reason, Timestamp.from(due), next >= intake.maxAttempts() ? "FAILED" : "RECEIVED", eventId);
            return next;
        });
        if (attempt != null && attempt >= intake.maxAttempts()) {
            LOG.error("Webhook event {} could not be processed after {} attempts ({}) and is parked as FAILED",
                    eventId, attempt, reason);
        } else if (attempt != null) {
            LOG.warn("Webhook event {} could not be processed ({}, attempt {} of {}); tried again after a pause",
                    eventId, reason, attempt, intake.maxAttempts());
        }
    }
}
