package de.meldeweg.delivery;

import de.meldeweg.Backoff;
import de.meldeweg.GroupCommit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import de.meldeweg.cases.CasePhotos;
import de.meldeweg.cases.CaseReferences;

/**
 * The durable outbox of deliveries to departments: one row per case and channel (MAIL, TICKET,
 * NOTE, the note on the ticket after the citizen erased their data, and PHOTOS_MAIL /
 * PHOTOS_TICKET, the follow-up with photos fetched after the case went out; see CasePhotos).
 * PENDING rows are claimed with a lease (SENDING), sent, and marked DELIVERED; failures are
 * retried with exponential backoff and become DEAD after {@code meldeweg.delivery.max-attempts}.
 */
@Component("deliveries")
public class Deliveries {

    public static final String DELIVERY_ID = "deliveryId";
    /** Exchange property: the {@link Outcomes} of the group of deliveries being sent (route delivery-send). */
    public static final String OUTCOMES = "deliveryOutcomes";
    private static final Duration MAX_BACKOFF = Duration.ofHours(6);
    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Receipts receipts;
    private final CasePhotos photos;
    private final Clock clock;
    private final int batch;
    private final int maxAttempts;
    private final Duration firstRetry;
    private final Duration lease;
    private final GroupCommit outcomes;
    private final ReplyTokens tokens;
    private final CaseReferences references;

    public Deliveries(JdbcTemplate jdbc, TransactionTemplate transaction, Receipts receipts, CasePhotos photos, Clock clock,
                      DeliveryProperties settings, ReplyTokens tokens, CaseReferences references) {
        this.jdbc = jdbc;
        this.references = references;
        this.tokens = tokens;
        this.transaction = transaction;
        this.receipts = receipts;
        this.photos = photos;
        this.clock = clock;
        this.batch = settings.batch();
        this.maxAttempts = settings.maxAttempts();
        this.firstRetry = settings.retryInitial();
        this.lease = settings.lease();
        this.outcomes = new GroupCommit(transaction, Math.max(1, settings.senders()));
    }

    /**
     * A claimed delivery: which case, which channel. {@code resumed}: the previous attempt's lease
     * ran out without an outcome (the process died while sending), so the department's system may
     * already have the report.
     */
    public record Delivery(long id, long caseId, String channel, int attempts, boolean resumed) {
    }

    /**
     * The due deliveries in one state (PENDING, or SENDING whose lease ran out), in the order they are claimed (see
     * {@link Due}). Parameters: the state, now, how many. One statement per state, each an index range on
     * {@code (state, next_attempt_at)}: H2 reads {@code state IN (...)} on the index's first column without the
     * range on its second, so it would read every row that waits for a later attempt (see OutboundMessages).
     */
    static final String DUE = "SELECT id, case_id, channel, attempts, next_attempt_at, "
            + "(SELECT CASE WHEN c.urgent THEN 0 ELSE 1 END FROM report_case c WHERE c.id = delivery.case_id) AS urgency "
            + "FROM delivery WHERE state = ? AND next_attempt_at <= ? ORDER BY urgency, next_attempt_at, id "
            + "FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED";

    /** A delivery found due, in the order deliveries are claimed: urgent cases first, then the longest due. */
    private record Due(Delivery delivery, int urgency, Instant dueAt) {
        static final Comparator<Due> ORDER = Comparator.comparingInt(Due::urgency).thenComparing(Due::dueAt)
                .thenComparingLong(d -> d.delivery().id());
    }

    /**
     * Claims due deliveries for this instance, those of urgent cases (emergencies) first; rows
     * another instance holds are skipped. The reply token of each department mail is recorded in
     * the claim's transaction, so it is durable before the mail goes out without a commit of its
     * own (an answer to the mail counts even if the process dies right after sending it).
     */
    @Transactional
    public List<Delivery> claimDue() {
        Instant now = clock.instant();
        List<Due> found = new ArrayList<>();
        for (String state : List.of("PENDING", "SENDING")) {
            found.addAll(jdbc.query(DUE, (rs, n) -> new Due(new Delivery(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4) + 1,
                    "SENDING".equals(state)), rs.getInt(6), rs.getTimestamp(5).toInstant()), state, Timestamp.from(now), batch));
        }
        List<Delivery> due = found.stream().sorted(Due.ORDER).limit(batch).map(Due::delivery).toList();
        if (!due.isEmpty()) {
            // One statement for the whole claim, not one per row.
            Long[] ids = due.stream().map(Delivery::id).toArray(Long[]::new);
            jdbc.update(connection -> {
                var update = connection.prepareStatement("UPDATE delivery SET state = 'SENDING', attempts = attempts + 1, "
                        + "next_attempt_at = ? WHERE id = ANY(?)");
                update.setTimestamp(1, Timestamp.from(now.plus(lease)));
                update.setArray(2, connection.createArrayOf("BIGINT", ids));
                return update;
            });
            for (Delivery delivery : due) {
                if ("MAIL".equals(delivery.channel())) {
                    tokens.issue(delivery.caseId(), delivery.id(), MailDelivery.TOKEN_VARIANT);
                }
            }
        }
        return due;
    }

    /**
     * The claimed deliveries in the order they are sent: the MAIL and TICKET of one case together
     * (one sender sends both, one after the other, and commits both outcomes at once, see
     * {@link #commitOutcomes}), every other delivery on its own. Order otherwise as claimed.
     */
    public List<List<Delivery>> byCase(List<Delivery> claimed) {
        Map<Long, List<Delivery>> departments = new LinkedHashMap<>();
        List<List<Delivery>> groups = new ArrayList<>(claimed.size());
        for (Delivery delivery : claimed) {
            if (toDepartment(delivery)) {
                List<Delivery> group = departments.get(delivery.caseId());
                if (group == null) {
                    group = new ArrayList<>(2);
                    departments.put(delivery.caseId(), group);
                    groups.add(group);
                }
                group.add(delivery);
            } else {
                groups.add(List.of(delivery));
            }
        }
        return groups;
    }

    /**
     * An empty holder for the outcomes of one group of deliveries (exchange property
     * {@link #OUTCOMES}): {@link #delivered} adds to it instead of committing, {@link #commitOutcomes}
     * commits what it holds.
     */
    public Outcomes newOutcomes() {
        return new Outcomes();
    }

    /** The outcomes of one group's deliveries that were sent and are not yet marked. */
    public static final class Outcomes {
        private final List<Outcome> sent = new ArrayList<>(2);

        synchronized void add(Outcome outcome) {
            sent.add(outcome);
        }

        synchronized List<Outcome> take() {
            List<Outcome> taken = new ArrayList<>(sent);
            sent.clear();
            return taken;
        }
    }

    /** What marks one delivery delivered; returns whether it forwarded the case (first department channel). */
    private record Outcome(Delivery delivery, Supplier<Boolean> write) {
    }

    private static boolean toDepartment(Delivery delivery) {
        // Only the department's channels forward a case; a review mail or a ticket note does not.
        return "MAIL".equals(delivery.channel()) || "TICKET".equals(delivery.channel());
    }

    /**
     * The department has the report. The first of its channels (MAIL, TICKET) to deliver also
     * queues the citizen's receipt, in the same transaction. With an {@link #OUTCOMES} holder on the
     * exchange (a case's MAIL and TICKET sent by one sender) the outcome waits there for
     * {@link #commitOutcomes}; without one it commits now. The senders that finish at about the
     * same time share that transaction (group commit); each returns only once its own outcomes are
     * committed, so a sender never starts the next case while the previous one is sent but not yet
     * marked: after a crash at most one mail per sender goes out twice.
     */
    public void delivered(Exchange exchange) {
        Delivery delivery = exchange.getProperty(DELIVERY_ID, Delivery.class);
        Outcome outcome = outcome(delivery, exchange);
        Outcomes later = exchange.getProperty(OUTCOMES, Outcomes.class);
        if (later != null) {
            later.add(outcome);
            return;
        }
        boolean forwarded = Boolean.TRUE.equals(outcomes.run(outcome.write()));
        logDelivered(delivery, forwarded);
    }

    /**
     * Commits the outcomes a group's deliveries left in the exchange's {@link #OUTCOMES} holder, in
     * one transaction (shared with other senders' outcomes by the group commit). The ticket's
     * outcome goes first, so its id is written with the case's {@code FORWARDED}. If that
     * transaction fails, each outcome is tried on its own; one that fails alone is retried later
     * like a failed delivery ({@link #retryOrGiveUp}).
     */
    public void commitOutcomes(Exchange exchange) {
        Outcomes holder = exchange.getProperty(OUTCOMES, Outcomes.class);
        List<Outcome> ordered = holder == null ? List.of() : holder.take();  // a list of its own
        if (ordered.isEmpty()) {
            return;
        }
        ordered.sort(Comparator.comparing(o -> "TICKET".equals(o.delivery().channel()) ? 0 : 1));
        List<Boolean> forwarded;
        try {
            forwarded = outcomes.run(() -> {
                List<Boolean> firsts = new ArrayList<>(ordered.size());
                for (Outcome o : ordered) {
                    firsts.add(o.write().get());
                }
                return firsts;
            });
        } catch (RuntimeException e) {
            if (ordered.size() == 1) {
                retryOrGiveUp(ordered.get(0).delivery(), e);
                return;
            }
            // Together they failed: each alone, so one bad outcome does not hold back the other.
            for (Outcome o : ordered) {
                try {
                    logDelivered(o.delivery(), Boolean.TRUE.equals(outcomes.run(o.write())));
                } catch (RuntimeException alone) {
                    retryOrGiveUp(o.delivery(), alone);
                }
            }
            return;
        }
        for (int i = 0; i < ordered.size(); i++) {
            logDelivered(ordered.get(i).delivery(), Boolean.TRUE.equals(forwarded.get(i)));
        }
    }

    private Outcome outcome(Delivery delivery, Exchange exchange) {
        Timestamp now = Timestamp.from(clock.instant());
        List<Long> included = included(exchange);
        // A case without any photo (its messages are fixed at assembly) has none to mark or to follow up.
        boolean noPhotos = Boolean.TRUE.equals(exchange.getProperty(CasePhotos.NONE, Boolean.class));
        String ticketId = exchange.getProperty(TicketDelivery.TICKET_ID, String.class);
        boolean toDepartment = toDepartment(delivery);
        return new Outcome(delivery, () -> {
            jdbc.update("UPDATE delivery SET state = 'DELIVERED', delivered_at = ?, last_error = NULL WHERE id = ?", now, delivery.id());
            if (!noPhotos) {
                // The photos it carried went out; photos fetched meanwhile arm the channel's follow-up.
                photos.delivered(delivery.caseId(), delivery.channel(), included);
            }
            boolean first = toDepartment && (ticketId == null
                    ? jdbc.update("UPDATE report_case SET state = 'FORWARDED', forwarded_at = ? WHERE id = ? AND state = 'FORWARDING'",
                            now, delivery.caseId())
                    // The ticket's id with the case's first outcome: one statement, not two.
                    : jdbc.update("UPDATE report_case SET state = 'FORWARDED', forwarded_at = ?, ticket_id = ? WHERE id = ? "
                            + "AND state = 'FORWARDING'", now, ticketId, delivery.caseId())) == 1;
            if (ticketId != null && !first) {
                jdbc.update("UPDATE report_case SET ticket_id = ? WHERE id = ?", ticketId, delivery.caseId());
            }
            if (first) {
                receipts.queue(delivery.caseId());
            }
            return first;
        });
    }

    /** One line per outcome: the first of a case's department channels says that the case is forwarded. */
    private void logDelivered(Delivery delivery, boolean forwarded) {
        if (forwarded) {
            LOG.info("Case {}: {} delivered (attempt {}); forwarded, receipt queued", references.of(delivery.caseId()),
                    delivery.channel(), delivery.attempts());
        } else {
            LOG.info("Case {}: {} delivered (attempt {})", references.of(delivery.caseId()), delivery.channel(), delivery.attempts());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Long> included(Exchange exchange) {
        return exchange.getProperty(CasePhotos.INCLUDED, List.class);
    }

    /** The delivery failed: retry later with backoff, or give up as a dead letter. */
    public void failed(Exchange exchange) {
        Delivery delivery = exchange.getProperty(DELIVERY_ID, Delivery.class);
        if (delivery == null) {
            return;
        }
        retryOrGiveUp(delivery, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    }

    /** The delivery failed with {@code cause}: retry later with backoff, or give up as a dead letter. */
    private void retryOrGiveUp(Delivery delivery, Exception cause) {
        String reason = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + safe(cause.getMessage());
        if (delivery.attempts() >= maxAttempts || cause instanceof TicketDelivery.MaybeDelivered
                || cause instanceof TicketNotes.Impossible) {
            jdbc.update("UPDATE delivery SET state = 'DEAD', last_error = ? WHERE id = ?", reason, delivery.id());
            LOG.error("Case {}: {} delivery gave up after {} attempts and is a dead letter: {}", references.of(delivery.caseId()),
                    delivery.channel(), delivery.attempts(), reason);
            return;
        }
        Duration backoff = new Backoff(firstRetry, MAX_BACKOFF).after(delivery.attempts());
        jdbc.update("UPDATE delivery SET state = 'PENDING', next_attempt_at = ?, last_error = ? WHERE id = ?",
                Timestamp.from(clock.instant().plus(backoff)), reason, delivery.id());
        LOG.warn("Case {}: {} delivery failed (attempt {}), retry in {}: {}", references.of(delivery.caseId()), delivery.channel(),
                delivery.attempts(), backoff, reason);
    }

    /** Exception texts of mail and HTTP clients name hosts and codes, not citizens; bounded anyway. */
    private static String safe(String message) {
        if (message == null) {
            return "";
        }
        String oneLine = message.replaceAll("\\s+", " ");
        return oneLine.length() <= 500 ? oneLine : oneLine.substring(0, 500);
    }

    /** Dead letters, for the admin endpoint. */
    public List<java.util.Map<String, Object>> deadLetters() {
        return jdbc.queryForList("SELECT d.id, c.reference, d.channel, d.attempts, d.last_error, d.created_at FROM delivery d "
                + "JOIN report_case c ON c.id = d.case_id WHERE d.state = 'DEAD' ORDER BY d.id");
    }

    /** Cases that could not be forwarded (state DEAD), for the admin endpoint. */
    public List<java.util.Map<String, Object>> deadCases() {
        return jdbc.queryForList("SELECT reference, attempts, last_error, created_at FROM report_case WHERE state = 'DEAD' ORDER BY id");
    }

    /** Puts a dead case back into the waiting cases with fresh attempts; false if there is no such dead case. */
    public boolean retryCase(String reference) {
        boolean retried = jdbc.update("UPDATE report_case SET state = 'ASSEMBLED', attempts = 0, next_attempt_at = NULL "
                + "WHERE reference = ? AND state = 'DEAD'", reference) == 1;
        if (retried) {
            LOG.info("Case {}: dead case put back to forwarding by an admin", reference);
        }
        return retried;
    }

    /** Puts a dead letter back into the queue with fresh attempts; false if there is no such dead letter. */
    public boolean retry(long id) {
        boolean retried = jdbc.update("UPDATE delivery SET state = 'PENDING', attempts = 0, next_attempt_at = ? WHERE id = ? AND state = 'DEAD'",
                Timestamp.from(clock.instant()), id) == 1;
        if (retried) {
            Long caseId = jdbc.queryForObject("SELECT case_id FROM delivery WHERE id = ?", Long.class, id);
            LOG.info("Case {}: dead letter {} put back into the queue by an admin", references.of(caseId), id);
        }
        return retried;
    }
}
