package de.meldeweg.safety;

import tools.jackson.databind.ObjectMapper;
import de.meldeweg.http.JsonAnswer;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;


import de.meldeweg.cases.CaseClosing;
import de.meldeweg.privacy.PersonalDataCipher;

/**
 * The complaint office's side of held cases (route {@code admin-review}): the list of cases
 * waiting for a decision with their pseudonymized text, and the two decisions: release (the case
 * goes to its department as usual, with receipt) or discard (the case is closed and never
 * forwarded; retention deletes it like any closed case).
 */
@Component("caseReview")
public class CaseReview {

    private static final Logger LOG = LoggerFactory.getLogger(CaseReview.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final PersonalDataCipher cipher;
    private final CaseClosing closing;
    private final Clock clock;
    private final ObjectMapper json;

    public CaseReview(JdbcTemplate jdbc, TransactionTemplate transaction, PersonalDataCipher cipher, CaseClosing closing, Clock clock,
                      ObjectMapper json) {
        this.json = json;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.cipher = cipher;
        this.closing = closing;
        this.clock = clock;
    }

    /** GET: the held cases, oldest first. */
    public String list(Exchange exchange) throws Exception {
        List<Map<String, Object>> held = jdbc.query("SELECT c.reference, c.urgent, c.report_enc, r.reason, r.held_at FROM case_review r "
                + "JOIN report_case c ON c.id = r.case_id WHERE r.decision IS NULL AND c.state = 'REVIEW' ORDER BY r.held_at, c.id",
                (rs, n) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("reference", rs.getString("reference"));
                    row.put("heldAt", rs.getTimestamp("held_at").toInstant().toString());
                    row.put("urgent", rs.getBoolean("urgent"));
                    row.put("matched", rs.getString("reason"));
                    row.put("text", cipher.decrypt(rs.getString("report_enc")));
                    return row;
                });
        return JsonAnswer.of(json, exchange, 200, Map.of("held", held));
    }

    /** POST {@code ?release=<reference>} or {@code ?discard=<reference>}. */
    public String decide(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        String release = message.getHeader("release", String.class);
        String discard = message.getHeader("discard", String.class);
        String reference = release != null ? release : discard;
        if ((release == null) == (discard == null) || !reference.strip().matches("[A-Z]{1,4}-\\d{4}-\\d{1,9}")) {
            return JsonAnswer.of(json, exchange, 400, Map.of("error", "give the case reference as ?release=<reference> or ?discard=<reference>"));
        }
        Optional<Long> caseId = held(reference.strip());
        if (caseId.isEmpty()) {
            return JsonAnswer.of(json, exchange, 404, Map.of("error", "no case " + reference.strip() + " waits for review"));
        }
        return release != null ? release(exchange, caseId.get(), reference.strip()) : discard(exchange, caseId.get(), reference.strip());
    }

    private Optional<Long> held(String reference) {
        return jdbc.queryForList("SELECT c.id FROM report_case c JOIN case_review r ON r.case_id = c.id WHERE c.reference = ? "
                + "AND r.decision IS NULL AND c.state = 'REVIEW'", Long.class, reference).stream().findFirst();
    }

    private String release(Exchange exchange, long caseId, String reference) throws Exception {
        Timestamp now = Timestamp.from(clock.instant());
        boolean done = Boolean.TRUE.equals(transaction.execute(status -> {
            if (jdbc.update("UPDATE case_review SET decision = 'RELEASED', decided_at = ? WHERE case_id = ? AND decision IS NULL", now, caseId) != 1) {
                return false;
            }
            // A review mail not sent yet is moot now; leaving it could mark the case forwarded before its mail went out.
            jdbc.update("DELETE FROM delivery WHERE case_id = ? AND channel = ? AND state IN ('PENDING', 'DEAD')",
                    caseId, CaseScreening.REVIEW_CHANNEL);
            // Back to ASSEMBLED: case assembly hands it to case-enrich on its next round, which forwards it as usual.
            return jdbc.update("UPDATE report_case SET state = 'ASSEMBLED' WHERE id = ? AND state = 'REVIEW'", caseId) == 1;
        }));
        if (!done) {
            return JsonAnswer.of(json, exchange, 409, Map.of("error", "case " + reference + " was decided meanwhile"));
        }
        LOG.info("Case {} released by the complaint office: it is forwarded to its department", reference);
        return JsonAnswer.of(json, exchange, 202, Map.of("released", reference));
    }

    private String discard(Exchange exchange, long caseId, String reference) throws Exception {
        Timestamp now = Timestamp.from(clock.instant());
        boolean done = Boolean.TRUE.equals(transaction.execute(status -> {
            if (jdbc.update("UPDATE case_review SET decision = 'DISCARDED', decided_at = ? WHERE case_id = ? AND decision IS NULL", now, caseId) != 1) {
                return false;
            }
            // A review mail not sent yet is not needed any more.
            jdbc.update("DELETE FROM delivery WHERE case_id = ? AND channel = ? AND state IN ('PENDING', 'DEAD')",
                    caseId, CaseScreening.REVIEW_CHANNEL);
            return closing.close(caseId, CaseClosing.ClosedBy.ADMIN);
        }));
        if (!done) {
            return JsonAnswer.of(json, exchange, 409, Map.of("error", "case " + reference + " was decided meanwhile"));
        }
        LOG.info("Case {} discarded by the complaint office: closed without forwarding", reference);
        return JsonAnswer.of(json, exchange, 200, Map.of("discarded", reference));
    }
}
