package de.meldeweg.admin;

import de.meldeweg.http.JsonAnswer;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

import de.meldeweg.delivery.Deliveries;

/** Lists dead letters and puts one back into the queue; answers json. */
@Component("deadLetterAdmin")
public class DeadLetterAdmin {

    private final ObjectMapper json;
    private final Deliveries deliveries;

    public DeadLetterAdmin(ObjectMapper json, Deliveries deliveries) {
        this.json = json;
        this.deliveries = deliveries;
    }

    public String list(Exchange exchange) throws Exception {
        List<Map<String, Object>> dead = deliveries.deadLetters().stream().map(row -> Map.<String, Object>of(
                "id", row.get("id"), "reference", row.get("reference"), "channel", row.get("channel"),
                "attempts", row.get("attempts"), "lastError", String.valueOf(row.get("last_error")),
                "createdAt", String.valueOf(row.get("created_at")))).toList();
        List<Map<String, Object>> cases = deliveries.deadCases().stream().map(row -> Map.<String, Object>of(
                "reference", row.get("reference"), "attempts", row.get("attempts"),
                "lastError", String.valueOf(row.get("last_error")), "createdAt", String.valueOf(row.get("created_at")))).toList();
        return JsonAnswer.of(json, exchange, 200, Map.of("deadLetters", dead, "deadCases", cases));
    }

    public String retry(Exchange exchange) throws Exception {
        String reference = exchange.getMessage().getHeader("retryCase", String.class);
        if (reference != null) {
            if (!reference.matches("[A-Za-z0-9-]{1,20}") || !deliveries.retryCase(reference)) {
                return JsonAnswer.of(json, exchange, 404, Map.of("error", "no dead case " + reference));
            }
            return JsonAnswer.of(json, exchange, 202, Map.of("retrying", reference));
        }
        String id = exchange.getMessage().getHeader("retry", String.class);
        if (id == null || !id.matches("\\d{1,18}")) {
            return JsonAnswer.of(json, exchange, 400, Map.of("error", "give the dead letter's id as ?retry=<id>"));
        }
        if (!deliveries.retry(Long.parseLong(id))) {
            return JsonAnswer.of(json, exchange, 404, Map.of("error", "no dead letter " + id));
        }
        return JsonAnswer.of(json, exchange, 202, Map.of("retrying", Long.parseLong(id)));
    }
}
