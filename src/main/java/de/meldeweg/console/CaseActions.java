package de.meldeweg.console;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import de.meldeweg.cases.CaseClosing;
import de.meldeweg.delivery.Deliveries;
import de.meldeweg.directory.DirectoryDatabase;
import de.meldeweg.safety.CaseReview;
import de.meldeweg.safety.CaseScreening;
import de.meldeweg.security.AuditLog;

/**
 * The console's actions on cases, each written to the audit log with who, what, which case and
 * the reason given: close, re-route to another category's department, retry a delivery, and the
 * complaint office's decisions on held cases. Release and discard are {@link CaseReview}'s own.
 */
@Component
public class CaseActions {

    private static final Logger LOG = LoggerFactory.getLogger(CaseActions.class);
    private static final String DIRECTORY_ROW = "SELECT c.code, c.name AS category_name, c.service_code, d.dept_key, "
            + "d.name AS department_name, d.email, d.ticket_queue FROM category c JOIN department d ON d.dept_key = c.dept_key WHERE c.code = ?";

    public enum Outcome { DONE, NOT_FOUND, CONFLICT, INVALID }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final CaseClosing closing;
    private final Deliveries deliveries;
    private final CaseReview review;
    private final DirectoryDatabase directory;
    private final CamelContext camel;
    private final AuditLog audit;
    private final Clock clock;

    public CaseActions(JdbcTemplate jdbc, TransactionTemplate transaction, CaseClosing closing, Deliveries deliveries, CaseReview review,
                       DirectoryDatabase directory, CamelContext camel, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.closing = closing;
        this.deliveries = deliveries;
        this.review = review;
        this.directory = directory;
        this.camel = camel;
        this.audit = audit;
        this.clock = clock;
    }

    private Optional<Long> caseId(String reference) {
        return jdbc.queryForList("SELECT id FROM report_case WHERE reference = ?", Long.class, reference).stream().findFirst();
    }

    public Outcome close(Authentication who, String reference, String reason) {
        Optional<Long> id = caseId(reference);
        if (id.isEmpty()) {
            return Outcome.NOT_FOUND;
        }
        if (!closing.close(id.get(), CaseClosing.ClosedBy.ADMIN)) {
            return Outcome.CONFLICT;
        }
        audit.record(who, "SCHLIESSEN", reference, reason);
        return Outcome.DONE;
    }

    /**
     * Sends a forwarded case again, to the department of another category: mail and ticket are
     * queued anew. The citizen hears nothing new unless {@code tellCitizen}: then the case counts
     * as forwarding again and the first delivery queues a new receipt.
     */
    public Outcome reroute(Authentication who, String reference, String categoryCode, boolean tellCitizen, String reason) {
        Optional<Long> id = caseId(reference);
        if (id.isEmpty()) {
            return Outcome.NOT_FOUND;
        }
        Optional<Map<String, Object>> target = directoryRow(categoryCode);
        if (target.isEmpty()) {
            return Outcome.INVALID;
        }
        Map<String, Object> d = target.get();
        boolean done = Boolean.TRUE.equals(transaction.execute(status -> {
            int updated = jdbc.update("UPDATE report_case SET category_code = ?, dept_key = ?, category_name = ?, department_name = ?, "
                            + "department_email = ?, ticket_queue = ?, service_code = ?, state = CASE WHEN ? THEN 'FORWARDING' ELSE state END "
                            + "WHERE id = ? AND state IN ('FORWARDING', 'FORWARDED')", d.get("code"), d.get("dept_key"), d.get("category_name"),
                    d.get("department_name"), d.get("email"), d.get("ticket_queue"), d.get("service_code"), tellCitizen, id.get());
            if (updated != 1) {
                return false;
            }
            queueDepartmentDeliveries(id.get());
            return true;
        }));
        if (!done) {
            return Outcome.CONFLICT;
        }
        audit.record(who, "UMLEITEN", reference, d.get("department_name") + " (" + categoryCode + ")"
                + (tellCitizen ? ", Bürger informiert" : "") + (reason == null || reason.isBlank() ? "" : ": " + reason));
        LOG.info("Case {}: re-routed to {} from the console", reference, d.get("dept_key"));
        return Outcome.DONE;
    }

    private void queueDepartmentDeliveries(long caseId) {
        Timestamp now = Timestamp.from(clock.instant());
        for (String channel : List.of("MAIL", "TICKET")) {
            if (jdbc.update("UPDATE delivery SET state = 'PENDING', attempts = 0, next_attempt_at = ?, last_error = NULL, delivered_at = NULL "
                    + "WHERE case_id = ? AND channel = ?", now, caseId, channel) == 0) {
                jdbc.update("INSERT INTO delivery (case_id, channel, state, next_attempt_at, created_at) VALUES (?, ?, 'PENDING', ?, ?)",
                        caseId, channel, now, now);
            }
        }
    }

    private Optional<Map<String, Object>> directoryRow(String categoryCode) {
        if (categoryCode == null || categoryCode.isBlank()) {
            return Optional.empty();
        }
        return directory.jdbc().queryForList(DIRECTORY_ROW, categoryCode).stream().findFirst();
    }

    public Outcome retryDelivery(Authentication who, String reference, long deliveryId) {
        String owner = jdbc.queryForList("SELECT c.reference FROM delivery d JOIN report_case c ON c.id = d.case_id WHERE d.id = ?",
                String.class, deliveryId).stream().findFirst().orElse(null);
        if (owner == null || (reference != null && !reference.equals(owner))) {
            return Outcome.NOT_FOUND;
        }
        if (!deliveries.retry(deliveryId)) {
            return Outcome.CONFLICT;
        }
        audit.record(who, "ERNEUT_SENDEN", owner, "Zustellung " + deliveryId);
        return Outcome.DONE;
    }

    public Outcome discardDelivery(Authentication who, long deliveryId) {
        String owner = jdbc.queryForList("SELECT c.reference FROM delivery d JOIN report_case c ON c.id = d.case_id WHERE d.id = ?",
                String.class, deliveryId).stream().findFirst().orElse(null);
        if (owner == null) {
            return Outcome.NOT_FOUND;
        }
        if (jdbc.update("UPDATE delivery SET state = 'DISCARDED' WHERE id = ? AND state = 'DEAD'", deliveryId) != 1) {
            return Outcome.CONFLICT;
        }
        audit.record(who, "VERWERFEN_ZUSTELLUNG", owner, "Zustellung " + deliveryId);
        return Outcome.DONE;
    }

    /** The complaint office releases a held case to its department as usual, or discards it (CaseReview decides). */
    public Outcome decide(Authentication who, String reference, boolean release, String reason) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(release ? "release" : "discard", reference);
        try {
            review.decide(exchange);
        } catch (Exception e) {
            throw new IllegalStateException("review decision failed for " + reference, e);
        }
        Integer code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Outcome outcome = code == null ? Outcome.INVALID : switch (code) {
            case 200, 202 -> Outcome.DONE;
            case 404 -> Outcome.NOT_FOUND;
            case 409 -> Outcome.CONFLICT;
            default -> Outcome.INVALID;
        };
        if (outcome == Outcome.DONE) {
            audit.record(who, release ? "FREIGEBEN" : "VERWERFEN", reference, reason);
        }
        return outcome;
    }

    /** Releases a held case to the department of another category than the one its words suggest. */
    public Outcome releaseTo(Authentication who, String reference, String categoryCode, String reason) {
        Optional<Long> id = caseId(reference);
        if (id.isEmpty()) {
            return Outcome.NOT_FOUND;
        }
        Optional<Map<String, Object>> target = directoryRow(categoryCode);
        if (target.isEmpty()) {
            return Outcome.INVALID;
        }
        Map<String, Object> d = target.get();
        Timestamp now = Timestamp.from(clock.instant());
        boolean done = Boolean.TRUE.equals(transaction.execute(status -> {
            if (jdbc.update("UPDATE case_review SET decision = 'RELEASED', decided_at = ? WHERE case_id = ? AND decision IS NULL", now, id.get()) != 1) {
                return false;
            }
            jdbc.update("DELETE FROM delivery WHERE case_id = ? AND channel = ? AND state IN ('PENDING', 'DEAD')", id.get(),
                    CaseScreening.REVIEW_CHANNEL);
            // The report was pseudonymized when it was held; it goes out like any forwarded case, with receipt.
            if (jdbc.update("UPDATE report_case SET state = 'FORWARDING', category_code = ?, dept_key = ?, category_name = ?, "
                            + "department_name = ?, department_email = ?, ticket_queue = ?, service_code = ? WHERE id = ? AND state = 'REVIEW'",
                    d.get("code"), d.get("dept_key"), d.get("category_name"), d.get("department_name"), d.get("email"), d.get("ticket_queue"),
                    d.get("service_code"), id.get()) != 1) {
                status.setRollbackOnly();
                return false;
            }
            queueDepartmentDeliveries(id.get());
            return true;
        }));
        if (!done) {
            return Outcome.CONFLICT;
        }
        audit.record(who, "FREIGEBEN_UMGELEITET", reference, d.get("department_name") + " (" + categoryCode + ")"
                + (reason == null || reason.isBlank() ? "" : ": " + reason));
        return Outcome.DONE;
    }
}
