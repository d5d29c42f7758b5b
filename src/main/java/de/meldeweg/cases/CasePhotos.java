package de.meldeweg.cases;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import de.meldeweg.privacy.PersonalDataCipher;

/**
 * The photos of a case as they go to the department, per channel: the fetched ones that have not
 * gone out on that channel yet, with caption, and how many are still missing.
 *
 * <p>Each photo records when it went out by mail ({@code mailed_at}) and to the ticket system
 * ({@code ticketed_at}), in the transaction that marks the delivery delivered. A photo fetched
 * after its case's mail or ticket went out (a late photo) is sent on by a follow-up delivery of
 * the same case, {@code PHOTOS_MAIL} or {@code PHOTOS_TICKET}: armed (PENDING) in the transaction
 * that stores the photo, or, when the first delivery was on its way right then, in the one that
 * marks it delivered. A follow-up takes every photo waiting at the time it is sent, and is armed
 * again when another photo comes later. A photo that arrives while its channel's first delivery
 * is still pending (or a dead letter) simply goes with that delivery.
 */
@Component
public class CasePhotos {

    /** Exchange property: the message ids of the photos a delivery carries (set by the delivery, read when it is delivered). */
    public static final String INCLUDED = "meldewegPhotosIncluded";
    /**
     * Exchange property: true when the delivery's case has no photo at all ({@link Photos#none()}),
     * so marking the delivery delivered skips {@link #delivered} (two statements per report less).
     */
    public static final String NONE = "meldewegPhotosNone";
    public static final String PHOTOS_MAIL = "PHOTOS_MAIL";
    public static final String PHOTOS_TICKET = "PHOTOS_TICKET";
    /** The state of a follow-up that the ticket system cannot take (Open311); never claimed, never a dead letter. */
    public static final String NOT_POSSIBLE = "NOT_POSSIBLE";

    private static final Logger LOG = LoggerFactory.getLogger(CasePhotos.class);

    private final JdbcTemplate jdbc;
    private final PersonalDataCipher cipher;
    private final ObjectProvider<TicketPhotoSupport> ticketSupport;
    private final Clock clock;
    private final CaseReferences references;

    public CasePhotos(JdbcTemplate jdbc, PersonalDataCipher cipher, ObjectProvider<TicketPhotoSupport> ticketSupport, Clock clock,
                      CaseReferences references) {
        this.jdbc = jdbc;
        this.references = references;
        this.cipher = cipher;
        this.ticketSupport = ticketSupport;
        this.clock = clock;
    }

    /** A photo; {@code fileName} numbers it by its place among the case's photos, so it keeps its name in a follow-up. */
    public record Photo(long messageId, String fileName, String mime, byte[] content, String caption) {
        @Override
        public String toString() {
            return "Photo[" + fileName + ", " + content.length + " bytes]";
        }
    }

    /**
     * @param fetched photos to send on the channel
     * @param pending photos not fetched yet (the fetch is retried; they follow when it succeeds)
     * @param failed  photos that could not be fetched and never will be (given up, refused)
     * @param all     photos of the case in all, sent ones included (-1: not counted)
     */
    public record Photos(List<Photo> fetched, int pending, int failed, int all) {
        public Photos(List<Photo> fetched, int pending, int failed) {
            this(fetched, pending, failed, -1);
        }

        /**
         * The case has no photo at all. Its messages are fixed when it is assembled, so none can
         * come later: {@link #delivered} then has nothing to mark and nothing to look for.
         */
        public boolean none() {
            return all == 0;
        }
        public int missing() {
            return pending + failed;
        }

        public List<Long> messageIds() {
            return fetched.stream().map(Photo::messageId).toList();
        }
    }

    /** The photos of a case still to go out on {@code channel} (MAIL or PHOTOS_MAIL, TICKET or PHOTOS_TICKET). */
    public Photos of(long caseId, String channel) {
        String sent = sentColumn(channel);
        if (sent == null) {
            throw new IllegalArgumentException("channel " + channel + " carries no photos");
        }
        List<Photo> fetched = new ArrayList<>();
        int[] position = {0};
        int[] pending = {0};
        int[] failed = {0};
        jdbc.query("SELECT x.message_id, x.state, x.content, x.mime, m.text_enc, x." + sent + " FROM inbound_message m "
                + "JOIN inbound_media x ON x.message_id = m.id WHERE m.case_id = ? ORDER BY m.received_at, m.id", rs -> {
            position[0]++;
            String state = rs.getString(2);
            if ("FETCHED".equals(state)) {
                if (rs.getObject(6) == null) {
                    String mime = rs.getString(4);
                    String name = "foto-" + position[0] + ("image/png".equals(mime) ? ".png" : ".jpg");
                    fetched.add(new Photo(rs.getLong(1), name, mime, rs.getBytes(3), cipher.decrypt(rs.getString(5))));
                }
            } else if ("PENDING".equals(state) || "FETCHING".equals(state)) {
                pending[0]++;
            } else if ("FAILED".equals(state)) {
                failed[0]++;
            }
        }, caseId);
        return new Photos(List.copyOf(fetched), pending[0], failed[0], position[0]);
    }

    /**
     * A photo was just stored as fetched; runs in that transaction. When its case's mail or ticket
     * has already gone out, the follow-up of that channel is armed. The first deliveries' rows are
     * locked first, so this and the transaction that marks one of them delivered see each other.
     */
    public void fetched(long messageId) {
        List<Long> caseIds = jdbc.queryForList("SELECT case_id FROM inbound_message WHERE id = ? AND case_id IS NOT NULL", Long.class, messageId);
        if (caseIds.isEmpty()) {
            return; // not in a case yet: it joins its case with the other messages
        }
        long caseId = caseIds.get(0);
        List<Map<String, Object>> first = firstDeliveries(caseId);
        if (first.isEmpty()) {
            // Not forwarded yet, or being forwarded right now: wait for that transaction, then look again.
            jdbc.queryForList("SELECT id FROM report_case WHERE id = ? FOR UPDATE", Long.class, caseId);
            first = firstDeliveries(caseId);
        }
        for (Map<String, Object> delivery : first) {
            // PENDING or DEAD: the photo goes with that delivery; SENDING: its delivered() sees the photo.
            if ("DELIVERED".equals(delivery.get("state"))) {
                arm(caseId, "MAIL".equals(delivery.get("channel")) ? PHOTOS_MAIL : PHOTOS_TICKET);
            }
        }
    }

    private List<Map<String, Object>> firstDeliveries(long caseId) {
        return jdbc.queryForList("SELECT channel, state FROM delivery WHERE case_id = ? AND channel IN ('MAIL', 'TICKET') "
                + "ORDER BY id FOR UPDATE", caseId);
    }

    /**
     * A delivery of {@code channel} reached the department; runs in the transaction that marks it
     * delivered. The photos it carried are marked as sent on that channel; photos that came while
     * it was on its way arm the channel's follow-up.
     */
    public void delivered(long caseId, String channel, Collection<Long> included) {
        String sent = sentColumn(channel);
        if (sent == null) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        if (included != null) {
            for (Long id : included) {
                jdbc.update("UPDATE inbound_media SET " + sent + " = ? WHERE message_id = ? AND " + sent + " IS NULL", now, id);
            }
        }
        if (waiting(caseId, sent) > 0) {
            arm(caseId, channel.endsWith("MAIL") ? PHOTOS_MAIL : PHOTOS_TICKET);
        }
    }

    private int waiting(long caseId, String sent) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM inbound_media x JOIN inbound_message m ON m.id = x.message_id "
                + "WHERE m.case_id = ? AND x.state = 'FETCHED' AND x." + sent + " IS NULL", Integer.class, caseId);
        return n == null ? 0 : n;
    }

    /**
     * Arms the follow-up of a case: a new PENDING row, or a delivered one PENDING again. A pending
     * or running follow-up takes the photo anyway (a running one re-arms itself when delivered); a
     * dead letter keeps it for the admin's retry.
     */
    private void arm(long caseId, String channel) {
        Timestamp now = Timestamp.from(clock.instant());
        Optional<String> impossible = PHOTOS_TICKET.equals(channel) ? notPossible() : Optional.empty();
        List<String> states = jdbc.queryForList("SELECT state FROM delivery WHERE case_id = ? AND channel = ? FOR UPDATE",
                String.class, caseId, channel);
        if (impossible.isPresent()) {
            // Recorded, not sent and not a dead letter: the mail's follow-up carries the photos.
            int photos = jdbc.update("UPDATE inbound_media SET ticketed_at = ? WHERE ticketed_at IS NULL AND state = 'FETCHED' "
                    + "AND message_id IN (SELECT id FROM inbound_message WHERE case_id = ?)", now, caseId);
            if (states.isEmpty()) {
                jdbc.update("INSERT INTO delivery (case_id, channel, state, next_attempt_at, created_at, delivered_at, last_error) "
                        + "VALUES (?, ?, '" + NOT_POSSIBLE + "', ?, ?, ?, ?)", caseId, channel, now, now, now, impossible.get());
            } else {
                jdbc.update("UPDATE delivery SET state = '" + NOT_POSSIBLE + "', delivered_at = ?, last_error = ? WHERE case_id = ? "
                        + "AND channel = ? AND state IN ('DELIVERED', '" + NOT_POSSIBLE + "')", now, impossible.get(), caseId, channel);
            }
            LOG.info("Case {}: {} late photo(s) not added to the ticket: {}", references.of(caseId), photos, impossible.get());
            return;
        }
        if (states.isEmpty()) {
            jdbc.update("INSERT INTO delivery (case_id, channel, state, next_attempt_at, created_at) VALUES (?, ?, 'PENDING', ?, ?)",
                    caseId, channel, now, now);
        } else if ("DELIVERED".equals(states.get(0)) || NOT_POSSIBLE.equals(states.get(0))) {
            jdbc.update("UPDATE delivery SET state = 'PENDING', attempts = 0, next_attempt_at = ?, delivered_at = NULL, last_error = NULL "
                    + "WHERE case_id = ? AND channel = ?", now, caseId, channel);
        } else {
            return;
        }
        LOG.info("Case {}: late photo, {} follow-up queued", references.of(caseId), channel);
    }

    private Optional<String> notPossible() {
        TicketPhotoSupport support = ticketSupport.getIfAvailable();
        return support == null ? Optional.empty() : support.latePhotosNotPossible();
    }

    /** The column that records a photo went out on the channel; null for channels without photos. */
    static String sentColumn(String channel) {
        return switch (channel) {
            case "MAIL", PHOTOS_MAIL -> "mailed_at";
            case "TICKET", PHOTOS_TICKET -> "ticketed_at";
            default -> null;
        };
    }
}
