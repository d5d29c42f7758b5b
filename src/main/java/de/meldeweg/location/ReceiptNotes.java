package de.meldeweg.location;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import de.meldeweg.texts.CitizenTexts;

/**
 * The parts of the citizen's receipt that depend on the place: {@code {{knownNote}}} when the case
 * was linked to an earlier open one (the problem is known and being worked on; the other case's
 * reference is not named, it is another citizen's), and {@code {{placeQuestion}}} when the report
 * named no place at all (asked once per case, politely).
 */
@Component
public class ReceiptNotes {

    static final String KNOWN = "whatsapp/receipt-known.txt";
    static final String WHERE = "whatsapp/receipt-where.txt";

    private final JdbcTemplate jdbc;
    private final CitizenTexts texts;
    private final SimilarReports similar;
    private final LocationProperties properties;
    private final Clock clock;

    public ReceiptNotes(JdbcTemplate jdbc, CitizenTexts texts, SimilarReports similar, LocationProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.texts = texts;
        this.similar = similar;
        this.properties = properties;
        this.clock = clock;
    }

    /** Placeholders for the receipt of the case, in the citizen's language (empty: German); runs in the transaction that queues the receipt. */
    public Map<String, String> values(long caseId, Optional<String> citizenLanguage) {
        Map<String, String> values = new HashMap<>();
        values.put("knownNote", similar.earlierOf(caseId).isEmpty() ? "" : " " + texts.text(citizenLanguage, KNOWN));
        String question = "";
        if (properties.askForPlace() && jdbc.update("UPDATE report_case SET place_asked_at = ? WHERE id = ? AND place_asked_at IS NULL "
                + "AND NOT EXISTS (SELECT 1 FROM case_location l WHERE l.case_id = report_case.id)", Timestamp.from(clock.instant()), caseId) == 1) {
            question = " " + texts.text(citizenLanguage, WHERE);
        }
        values.put("placeQuestion", question);
        return values;
    }
}
