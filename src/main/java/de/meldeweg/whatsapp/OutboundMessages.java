package de.meldeweg.whatsapp;

import de.meldeweg.Backoff;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.ExchangeProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import de.meldeweg.privacy.PersonalDataCipher;

/**
 * Our WhatsApp messages to citizens as a durable outbox. A message is written in the same
 * transaction as what caused it and sent later by the whatsapp-send route, with retries.
 *
 * <p>States: PENDING (due at next_attempt_at), SENDING (claimed; reclaimed when its lease runs
 * out after a crash), SENT (accepted by WhatsApp), OUTBOX (written to the outbox folder because
 * WhatsApp is not configured), TEMPLATE_NEEDED (outside the 24-hour window), FAILED (final).
 */
@Repository
public class OutboundMessages {

    public static final Duration LEASE = Duration.ofSeconds(60);
    private static final Duration MAX_RETRY = Duration.ofHours(1);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final int batch;
    private final Duration firstRetry;
    private final int perSecond;
    private final Duration perCitizen;

    private final PersonalDataCipher cipher;

    public OutboundMessages(JdbcTemplate jdbc, Clock clock, PersonalDataCipher cipher, WhatsAppProperties settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cipher = cipher;
        this.batch = settings.sendBatch();
        this.firstRetry = settings.retryInitial();
        this.perSecond = settings.ratePerSecond();
        this.perCitizen = settings.perCitizenInterval();
    }

    /**
     * A message waiting to go out: who to, why, what. {@code citizenId} is null for the
     * confirmation of an erasure, which carries its own encrypted address ({@code toPhoneEnc},
     * {@code toUserIdEnc}) because the citizen row is gone.
     */
    public record Outbound(long id, Long citizenId, String purpose, String body, int attempts,
                           String toPhoneEnc, String toUserIdEnc, Instant createdAt, boolean template,
                           boolean erasureConfirmation, Addressee citizen) {
        @Override
        public String toString() {
            return "Outbound[id=" + id + ", purpose=" + purpose + ", attempts=" + attempts + "]";
        }
    }

    /**
     * The citizen row a message goes to, read with the message: the encrypted address and the last
     * inbound message (WhatsApp's 24-hour window). Null when the citizen is gone (erased) or the
     * message is an erasure confirmation.
     */
    public record Addressee(String phoneEnc, String userIdEnc, Instant lastInbound) {
        @Override
        public String toString() {
            return "Addressee[personal data]";
        }
    }

    public void enqueue(long citizenId, String purpose, String body) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("INSERT INTO outbound_message (citizen_id, purpose, body, state, next_attempt_at, created_at) "
                + "VALUES (?, ?, ?, 'PENDING', ?, ?)", citizenId, purpose, cipher.encrypt(body), now, now);
    }

    /**
     * The due messages in one state (PENDING, or SENDING whose lease ran out), oldest first, each with when another
     * message last went to its citizen (a retry of the same message does not count: the per-citizen interval), and
     * only those without an older open message to the same citizen. Parameters: the state, now, how many.
     * <p>One statement per state, each an index range on {@code (state, next_attempt_at)}: H2 reads
     * {@code state IN (...)} on the index's first column without the range on its second, that is every PENDING
     * row, also the hundreds that wait for their citizen's quiet time (docs/performance-rounds.md, "Thirteenth round").
     */
    static final String DUE = "SELECT o.id, (SELECT MAX(p.attempted_at) FROM outbound_message p "
            + "WHERE p.citizen_id = o.citizen_id AND p.id <> o.id) FROM outbound_message o "
            + "WHERE o.state = ? AND o.next_attempt_at <= ? AND NOT EXISTS (SELECT 1 FROM outbound_message e "
            + "WHERE e.citizen_id = o.citizen_id AND e.id < o.id AND e.state IN ('PENDING', 'SENDING')) "
            + "ORDER BY o.id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED";

    /**
     * Claims due messages for this instance; rows locked by another instance are skipped. Keeps
     * WhatsApp's limits by queueing, never by dropping: at most {@code rate-per-second} claims in
     * any second across all instances (the rest stay due for the next poll), and a message to a
     * citizen who got one less than {@code per-citizen-interval} ago is moved to the end of that
     * interval. Claiming counts as sending; the recorded outcome moves the time to WhatsApp's
     * answer ({@code answeredAt} of the marks below), so the next claim counts a batch at the pace
     * it really reached WhatsApp (a request still without an answer counts from its claim).
     *
     * <p>A citizen's messages go out one after the other, in the order they were written (a
     * receipt before the answer that follows it): a message is claimed only when no older one to
     * the same citizen is still open (PENDING, SENDING), because a claimed batch is sent on
     * several threads ({@code meldeweg.whatsapp.senders}). A message that waits for a retry holds
     * back the citizen's later ones until it is sent or given up; other citizens' messages go on.
     */
    @Transactional
    public List<Long> claimDue() {
        Instant now = clock.instant();
        jdbc.queryForList("SELECT id FROM whatsapp_send_lock WHERE id = 1 FOR UPDATE", Integer.class);
        Integer lastSecond = jdbc.queryForObject("SELECT COUNT(*) FROM outbound_message WHERE attempted_at > ?",
                Integer.class, Timestamp.from(now.minusSeconds(1)));
        int allowed = Math.min(batch, perSecond - (lastSecond == null ? 0 : lastSecond));
        if (allowed <= 0) {
            return List.of();
        }
        List<Object[]> due = new ArrayList<>();
        for (String state : List.of("PENDING", "SENDING")) {
            due.addAll(jdbc.query(DUE, (rs, n) -> new Object[] {rs.getLong(1), rs.getTimestamp(2)}, state, Timestamp.from(now), batch));
        }
        due.sort(Comparator.comparingLong(row -> (Long) row[0]));
        List<Long> ids = new ArrayList<>();
        for (Object[] row : due) {
            if (ids.size() >= allowed) {
                break;
            }
            long id = (Long) row[0];
            Timestamp lastTo = (Timestamp) row[1];
            Instant last = lastTo == null ? null : lastTo.toInstant();
            if (last != null && last.plus(perCitizen).isAfter(now)) {
                jdbc.update("UPDATE outbound_message SET state = 'PENDING', next_attempt_at = ? WHERE id = ?",
                        Timestamp.from(last.plus(perCitizen)), id);
                continue;
            }
            ids.add(id);
        }
        if (!ids.isEmpty()) {
            // One statement for the whole claim, not one per message.
            Long[] claimed = ids.toArray(Long[]::new);
            jdbc.update(connection -> {
                var update = connection.prepareStatement("UPDATE outbound_message SET state = 'SENDING', attempts = attempts + 1, "
                        + "next_attempt_at = ?, attempted_at = ? WHERE id = ANY(?)");
                update.setTimestamp(1, Timestamp.from(now.plus(LEASE)));
                update.setTimestamp(2, Timestamp.from(now));
                update.setArray(3, connection.createArrayOf("BIGINT", claimed));
                return update;
            });
        }
        return ids;
    }

    /**
     * The text of a stored message. Bodies are encrypted at rest (they answer a citizen's report);
     * a body stored before that came in is read as it is.
     */
    public String open(String stored) {
        return stored == null || !stored.startsWith("v1:") ? stored : cipher.decrypt(stored);
    }

    /**
     * The message with everything sending it needs, in one read: its type, whether it confirms an
     * erasure, and the citizen's address and last inbound message (one statement per message, not four).
     */
    public Optional<Outbound> find(long id) {
        return jdbc.query("SELECT o.id, o.citizen_id, o.purpose, o.body, o.attempts, o.to_phone_enc, o.to_user_id_enc, o.created_at, "
                        + "o.message_type, o.erasure_id, c.id, c.phone_enc, c.user_id_enc, c.last_inbound_at "
                        + "FROM outbound_message o LEFT JOIN citizen c ON c.id = o.citizen_id WHERE o.id = ?",
                (rs, n) -> {
                    Timestamp lastInbound = rs.getTimestamp(14);
                    Addressee citizen = rs.getObject(11) == null ? null : new Addressee(rs.getString(12), rs.getString(13),
                            lastInbound == null ? null : lastInbound.toInstant());
                    return new Outbound(rs.getLong(1), rs.getObject(2) == null ? null : rs.getLong(2), rs.getString(3),
                            open(rs.getString(4)), rs.getInt(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(),
                            "template".equals(rs.getString(9)), rs.getObject(10) != null, citizen);
                }, id)
                .stream().findFirst();
    }

    /** The citizen a sent message went to; empty for unknown messages and erasure confirmations. */
    public Optional<Long> citizenOf(String messageKey) {
        return jdbc.queryForList("SELECT citizen_id FROM outbound_message WHERE message_key = ? AND citizen_id IS NOT NULL",
                Long.class, messageKey).stream().findFirst();
    }

    /**
     * The confirmation of an erasure holds the citizen's address only until it is sent or given
     * up: then its outcome goes to the erasure's audit row and the message row is deleted.
     */
    private void forgetIfErasureConfirmation(long id, String outcome) {
        if (jdbc.update("UPDATE erasure_audit SET confirmation = ?, confirmed_at = ? WHERE id = "
                + "(SELECT erasure_id FROM outbound_message WHERE id = ?)", outcome, Timestamp.from(clock.instant()), id) > 0) {
            jdbc.update("DELETE FROM outbound_message WHERE id = ? AND erasure_id IS NOT NULL", id);
        }
    }

    /**
     * {@code erasureConfirmation}: as {@link #find} read it (only an erasure inserts such a row, and
     * never turns another row into one); false spares the statement that looks for its audit row.
     * {@code answeredAt}: when the Graph API answered (null: keep the claim's time); the rate limits
     * count the message from then.
     */
    public void markSent(long id, String messageKey, boolean erasureConfirmation, Instant answeredAt) {
        jdbc.update("UPDATE outbound_message SET state = 'SENT', sent_at = ?, message_key = ?, last_error = NULL, "
                + "attempted_at = COALESCE(?, attempted_at) WHERE id = ?", Timestamp.from(clock.instant()), messageKey, at(answeredAt), id);
        if (erasureConfirmation) {
            forgetIfErasureConfirmation(id, "SENT");
        }
    }

    /** Like {@link #markSent(long, String, boolean, Instant)}, for a message written to the outbox folder. */
    public void markWrittenToOutbox(long id, boolean erasureConfirmation) {
        jdbc.update("UPDATE outbound_message SET state = 'OUTBOX', sent_at = ?, last_error = NULL WHERE id = ?",
                Timestamp.from(clock.instant()), id);
        if (erasureConfirmation) {
            forgetIfErasureConfirmation(id, "OUTBOX");
        }
    }

    /** {@code answeredAt}: when WhatsApp refused it (null: no request went out). */
    public void markTemplateNeeded(long id, String reason, Instant answeredAt) {
        jdbc.update("UPDATE outbound_message SET state = 'TEMPLATE_NEEDED', last_error = ?, attempted_at = COALESCE(?, attempted_at) "
                + "WHERE id = ?", truncate(reason), at(answeredAt), id);
        forgetIfErasureConfirmation(id, "TEMPLATE_NEEDED");
    }

    /** {@code answeredAt}: when WhatsApp refused it (null: no request went out). */
    public void markFailed(long id, Integer code, String reason, Instant answeredAt) {
        jdbc.update("UPDATE outbound_message SET state = 'FAILED', error_code = ?, last_error = ?, attempted_at = COALESCE(?, attempted_at) "
                + "WHERE id = ?", code, truncate(reason), at(answeredAt), id);
        forgetIfErasureConfirmation(id, "FAILED");
    }

    /**
     * Schedules another attempt with exponential backoff (by default 5 s, 10 s, 20 s … at most an hour), or
     * fails the message for good once it has had {@code maxAttempts}. Returns true if it will retry.
     * {@code answeredAt}: when the refused request was answered or failed (the rate limits count it
     * from then).
     */
    public boolean retryLater(long id, Integer code, String reason, int maxAttempts, Duration atLeast, Instant answeredAt) {
        Integer attempts = jdbc.queryForObject("SELECT attempts FROM outbound_message WHERE id = ?", Integer.class, id);
        int done = attempts == null ? 1 : attempts;
        if (done >= maxAttempts) {
            markFailed(id, code, "gave up after " + done + " attempts: " + reason, answeredAt);
            return false;
        }
        Duration backoff = new Backoff(firstRetry, MAX_RETRY).after(done);
        if (atLeast != null && backoff.compareTo(atLeast) < 0) {
            backoff = atLeast;
        }
        jdbc.update("UPDATE outbound_message SET state = 'PENDING', next_attempt_at = ?, error_code = ?, last_error = ?, "
                + "attempted_at = COALESCE(?, attempted_at) WHERE id = ?",
                Timestamp.from(clock.instant().plus(backoff)), code, truncate(reason), at(answeredAt), id);
        return true;
    }

    /**
     * Applies a delivery status from a webhook. Statuses can arrive out of order; a status only
     * moves forward (sent, delivered, read), and failed is final. Returns false when the message
     * is not one of ours.
     */
    public boolean applyStatus(String messageKey, String status, Instant at, Integer errorCode, String errorTitle) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT id, delivery_status FROM outbound_message WHERE message_key = ?", messageKey);
        if (rows.isEmpty()) {
            return false;
        }
        long id = ((Number) rows.get(0).get("ID")).longValue();
        String current = (String) rows.get(0).get("DELIVERY_STATUS");
        if (rank(status) > rank(current)) {
            jdbc.update("UPDATE outbound_message SET delivery_status = ?, status_at = ?, error_code = COALESCE(?, error_code), "
                    + "error_title = COALESCE(?, error_title) WHERE id = ?", status, Timestamp.from(at), errorCode, truncate(errorTitle), id);
        }
        return true;
    }

    private static int rank(String status) {
        if (status == null) {
            return 0;
        }
        return switch (status) {
            case "sent" -> 1;
            case "delivered" -> 2;
            case "read" -> 3;
            case "failed" -> 4;
            default -> 0;
        };
    }

    /** Like {@link #enqueue}, and returns the new row's id (to link it to what caused it). */
    public long enqueueReturningId(long citizenId, String purpose, String body) {
        return insert(citizenId, purpose, body, "text");
    }

    /**
     * Queues an approved template message (allowed outside the 24-hour window). The body keeps
     * the template's name, language and body parameters; {@link GraphApi} builds the request.
     */
    public long enqueueTemplate(long citizenId, String purpose, TemplateMessage template) {
        return insert(citizenId, purpose, template.toJson(), "template");
    }

    private long insert(long citizenId, String purpose, String body, String type) {
        Timestamp now = Timestamp.from(clock.instant());
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement("INSERT INTO outbound_message (citizen_id, purpose, body, state, "
                    + "next_attempt_at, created_at, message_type) VALUES (?, ?, ?, 'PENDING', ?, ?, ?)", new String[] {"id"});
            insert.setLong(1, citizenId);
            insert.setString(2, purpose);
            insert.setString(3, cipher.encrypt(body));
            insert.setTimestamp(4, now);
            insert.setTimestamp(5, now);
            insert.setString(6, type);
            return insert;
        }, key);
        return key.getKey().longValue();
    }

    private static Timestamp at(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}
