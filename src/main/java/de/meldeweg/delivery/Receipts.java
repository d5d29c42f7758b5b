package de.meldeweg.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import de.meldeweg.location.ReceiptNotes;
import de.meldeweg.texts.CitizenTexts;
import de.meldeweg.whatsapp.OutboundMessages;

/** The citizen's receipt after forwarding: the case reference and the department's name. */
@Component
public class Receipts {

    public static final String PURPOSE = "RECEIPT";

    private final JdbcTemplate jdbc;
    private final OutboundMessages outbound;
    private final CitizenTexts texts;
    private final ReceiptNotes notes;

    public Receipts(JdbcTemplate jdbc, OutboundMessages outbound, CitizenTexts texts, ReceiptNotes notes) {
        this.notes = notes;
        this.jdbc = jdbc;
        this.outbound = outbound;
        this.texts = texts;
    }

    /** Queues the receipt; runs inside the transaction that marks the case forwarded. */
    public void queue(long caseId) {
        // The citizen's language with the case row: one read, not one per text of the receipt.
        Map<String, Object> row = jdbc.queryForMap("SELECT r.reference, r.citizen_id, r.department_name AS department, c.language "
                + "FROM report_case r LEFT JOIN citizen c ON c.id = r.citizen_id WHERE r.id = ?", caseId);
        Object citizen = row.get("citizen_id");
        if (citizen == null) {
            return;
        }
        Optional<String> language = Optional.ofNullable((String) row.get("language"));
        Map<String, String> values = new HashMap<>(notes.values(caseId, language));
        values.put("reference", (String) row.get("reference"));
        values.put("department", row.get("department") == null ? "die zuständige Stelle" : (String) row.get("department"));
        String text = texts.render(language, CitizenTexts.RECEIPT, values);
        outbound.enqueue(((Number) citizen).longValue(), PURPOSE, text);
    }
}
