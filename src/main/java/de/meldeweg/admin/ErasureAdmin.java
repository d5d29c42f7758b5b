package de.meldeweg.admin;

import tools.jackson.databind.ObjectMapper;
import de.meldeweg.http.JsonAnswer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;


import de.meldeweg.citizen.Citizens;
import de.meldeweg.privacy.Erasure;

/**
 * Shows the audit entries of erasures, as proof that a request was carried out. Given a phone
 * number ({@code ?phone=}), it lists that number's entries, found through the keyed hash; the
 * number is neither stored nor logged. Answers JSON without personal data.
 */
@Component("erasureAdmin")
public class ErasureAdmin {

    private final Erasure erasure;
    private final Citizens citizens;
    private final ObjectMapper json;

    public ErasureAdmin(Erasure erasure, Citizens citizens, ObjectMapper json) {
        this.json = json;
        this.erasure = erasure;
        this.citizens = citizens;
    }

    public String list(Exchange exchange) throws Exception {
        String phone = exchange.getMessage().getHeader("phone", String.class);
        String hash = null;
        if (phone != null && !phone.isBlank()) {
            String international = international(phone);
            if (international == null) {
                return JsonAnswer.of(json, exchange, 400, Map.of("error", "give the number as ?phone=, e.g. +49 151 12345678"));
            }
            hash = citizens.phoneHash(international);
        }
        List<Map<String, Object>> entries = erasure.audits(hash).stream().map(ErasureAdmin::entry).toList();
        return JsonAnswer.of(json, exchange, 200, Map.of("erasures", entries));
    }

    /**
     * WhatsApp's spelling of a number: digits with country code. {@code +49 …} and {@code 0049 …}
     * lose the prefix; a single leading 0 is a German number ({@code 0151 …} = {@code 49151 …}).
     */
    public static String international(String phone) {
        String digits = phone.replaceAll("\\D", "");
        if (digits.startsWith("00")) {
            digits = digits.substring(2);
        } else if (digits.startsWith("0") && !phone.strip().startsWith("+")) {
            digits = "49" + digits.substring(1);
        }
        return digits.length() < 8 || digits.length() > 15 ? null : digits;
    }

    private static Map<String, Object> entry(Map<String, Object> row) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", row.get("id"));
        entry.put("erasedAt", String.valueOf(row.get("erased_at")));
        for (String count : List.of("messages", "photos", "cases_dropped", "cases_kept", "deliveries_dropped", "whatsapp_messages",
                "webhook_events", "ticket_notes", "outbox_files")) {
            entry.put(camel(count), row.get(count));
        }
        entry.put("confirmation", row.get("confirmation"));
        entry.put("confirmedAt", row.get("confirmed_at") == null ? null : String.valueOf(row.get("confirmed_at")));
        return entry;
    }

    private static String camel(String column) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
