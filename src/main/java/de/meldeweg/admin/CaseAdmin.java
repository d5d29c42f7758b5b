package de.meldeweg.admin;

import de.meldeweg.http.JsonAnswer;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

import de.meldeweg.cases.CaseClosing;

/**
 * Closes a case by its reference, for an admin (until the department's answer closes it). The
 * retention clock ({@code meldeweg.retention.after-closed}) starts then. Answers json.
 */
@Component("caseAdmin")
public class CaseAdmin {

    private final ObjectMapper json;
    private final JdbcTemplate jdbc;
    private final CaseClosing closing;

    public CaseAdmin(ObjectMapper json, JdbcTemplate jdbc, CaseClosing closing) {
        this.json = json;
        this.jdbc = jdbc;
        this.closing = closing;
    }

    public String close(Exchange exchange) throws Exception {
        String reference = exchange.getMessage().getHeader("reference", String.class);
        if (reference == null || !reference.matches("[A-Z]{1,5}-\\d{4}-\\d{1,9}")) {
            return JsonAnswer.of(json, exchange, 400, Map.of("error", "give the case reference in the path, e.g. /admin/cases/WK-2026-000042/close"));
        }
        List<Long> ids = jdbc.queryForList("SELECT id FROM report_case WHERE reference = ?", Long.class, reference);
        if (ids.isEmpty()) {
            return JsonAnswer.of(json, exchange, 404, Map.of("error", "no case " + reference + " (never existed, or already purged)"));
        }
        boolean closedNow = closing.close(ids.get(0), CaseClosing.ClosedBy.ADMIN);
        String closedAt = String.valueOf(jdbc.queryForObject("SELECT closed_at FROM report_case WHERE id = ?", Object.class, ids.get(0)));
        if (!closedNow) {
            return JsonAnswer.of(json, exchange, 409, Map.of("error", "case " + reference + " was closed already", "reference", reference, "closedAt", closedAt));
        }
        return JsonAnswer.of(json, exchange, 200, Map.of("reference", reference, "closed", true, "closedAt", closedAt));
    }
}
