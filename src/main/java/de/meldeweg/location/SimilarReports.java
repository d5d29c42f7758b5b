package de.meldeweg.location;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Links a new case to earlier open cases of the same category at the same place: the same street
 * with house numbers at most {@code meldeweg.location.house-number-distance} apart (or one of them
 * without number), or the same named place, created within {@code meldeweg.location.similar-window}
 * (per category {@code similar-windows}; categories in {@code similar-excluded} never). A district
 * alone is too wide to make two reports "the same". The links are what the department's mail and
 * ticket name ("Ähnliche Meldungen: WK-…") and what the console shows ({@link #links()}).
 */
@Component("similarReports")
public class SimilarReports {

    /** One link: {@code reference} is the newer case, {@code earlierReference} the one it resembles. */
    public record Link(String reference, String earlierReference, String category, String place, Instant linkedAt) {
    }

    private final JdbcTemplate jdbc;
    private final LocationProperties properties;

    public SimilarReports(JdbcTemplate jdbc, LocationProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * Links the case (replacing its links of an earlier enrichment when {@code replacing}); returns
     * the earlier cases' references, oldest first.
     */
    List<String> link(long caseId, String categoryCode, Mention place, Instant now, boolean replacing) {
        if (replacing) {
            jdbc.update("DELETE FROM case_similar WHERE case_id = ?", caseId);
        }
        Duration window = properties.windowFor(categoryCode);
        if (place == null || window.isZero() || !(place.kind() == Mention.Kind.STREET || place.kind() == Mention.Kind.PLACE)) {
            return List.of();
        }
        List<String> references = new ArrayList<>();
        Integer number = place.houseNumberValue();
        for (Map<String, Object> earlier : jdbc.queryForList("SELECT c.id, c.reference, l.house_number FROM report_case c "
                        + "JOIN case_location l ON l.case_id = c.id WHERE c.id <> ? AND c.category_code = ? AND c.created_at >= ? "
                        + "AND c.closed_at IS NULL AND c.state IN ('FORWARDING', 'FORWARDED') AND l.kind = ? AND l.name = ? "
                        + "ORDER BY c.created_at, c.id",
                caseId, categoryCode, Timestamp.from(now.minus(window)), place.kind().name(), place.name())) {
            Integer other = houseNumber((String) earlier.get("house_number"));
            if (number != null && other != null && Math.abs(number - other) > properties.houseNumberDistance()) {
                continue;
            }
            jdbc.update("INSERT INTO case_similar (case_id, earlier_case_id, linked_at) VALUES (?, ?, ?)",
                    caseId, ((Number) earlier.get("id")).longValue(), Timestamp.from(now));
            references.add((String) earlier.get("reference"));
        }
        return references;
    }

    /** The references of the earlier cases a case was linked to, oldest first. */
    public List<String> earlierOf(long caseId) {
        return jdbc.queryForList("SELECT e.reference FROM case_similar s JOIN report_case e ON e.id = s.earlier_case_id "
                + "WHERE s.case_id = ? ORDER BY e.created_at, e.id", String.class, caseId);
    }

    /** The references of later cases linked to this one (for a console showing a case). */
    public List<String> laterOf(long caseId) {
        return jdbc.queryForList("SELECT n.reference FROM case_similar s JOIN report_case n ON n.id = s.case_id "
                + "WHERE s.earlier_case_id = ? ORDER BY n.created_at, n.id", String.class, caseId);
    }

    /** All links, newest first (at most {@code limit}), for the operator console. */
    public List<Link> links(int limit) {
        return jdbc.query("SELECT n.reference, e.reference AS earlier, n.category_code, l.label, s.linked_at FROM case_similar s "
                        + "JOIN report_case n ON n.id = s.case_id JOIN report_case e ON e.id = s.earlier_case_id "
                        + "LEFT JOIN case_location l ON l.case_id = s.case_id ORDER BY s.linked_at DESC, n.id DESC FETCH FIRST "
                        + Math.max(1, Math.min(limit, 1000)) + " ROWS ONLY",
                (rs, i) -> new Link(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant()));
    }

    private static Integer houseNumber(String houseNumber) {
        if (houseNumber == null) {
            return null;
        }
        String digits = houseNumber.replaceAll("\\D", "");
        return digits.isEmpty() || digits.length() > 5 ? null : Integer.valueOf(digits);
    }
}
