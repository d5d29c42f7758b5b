package de.meldeweg.location;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import de.meldeweg.directory.DirectoryKeywords;
import de.meldeweg.language.Languages;

/**
 * The place of a case: recognised in its text (step {@code case-locate} of the route
 * {@code case-enrich}, before the case is forwarded), stored in {@code case_location}, linked to
 * similar earlier cases, and read back for the department's mail and ticket ({@link #forDepartment}).
 */
@Component("caseLocations")
public class CaseLocations {

    private static final Logger LOG = LoggerFactory.getLogger(CaseLocations.class);

    private final JdbcTemplate jdbc;
    private final ReportTexts reports;
    private final SimilarReports similar;
    private final LocationProperties properties;
    private final PlaceRecognizer recognizer;
    private final Clock clock;

    public CaseLocations(JdbcTemplate jdbc, ReportTexts reports, SimilarReports similar,
                         LocationProperties properties, StreetDirectory directory, DirectoryKeywords keywords, Clock clock) {
        this.jdbc = jdbc;
        this.reports = reports;
        this.similar = similar;
        this.properties = properties;
        this.clock = clock;
        this.recognizer = new PlaceRecognizer(directory::contents, () -> ordinaryWordsOf(keywords.keywordsByCategory()),
                properties.city());
    }

    private record OrdinaryWords(Map<String, List<String>> keywords, Set<String> words) {
    }

    private volatile OrdinaryWords ordinary;

    /** The ordinary words of the current keywords, computed again only when the keywords change (not for every case). */
    private Set<String> ordinaryWordsOf(Map<String, List<String>> keywords) {
        OrdinaryWords current = ordinary;
        if (current == null || current.keywords() != keywords) {
            current = new OrdinaryWords(keywords, Set.copyOf(ordinaryWords(keywords)));
            ordinary = current;
        }
        return current.words();
    }

    /** The classifier's keywords are everyday words: never taken for a misspelt street name. */
    static Set<String> ordinaryWords(Map<String, List<String>> keywords) {
        Set<String> words = new HashSet<>();
        keywords.values().forEach(list -> list.forEach(k -> words.add(PlaceText.compact(k.replaceAll("^[=~]+", "")))));
        return words;
    }

    public PlaceRecognizer recognizer() {
        return recognizer;
    }

    /**
     * Route step: recognises the place of the case in the exchange property {@code caseId}. What it
     * found is stored and similar earlier cases of the
     * category in the header {@code categoryCode} linked by the forwarding's transaction (exchange
     * property {@link ReportTexts#WRITES}, see {@link #store}), so that enriching and forwarding a
     * case cost one commit. Runs again harmlessly when the enrichment is retried.
     */
    public void locate(Exchange exchange) {
        long caseId = exchange.getProperty("caseId", Long.class);
        String category = exchange.getMessage().getHeader("categoryCode", String.class);
        String text = exchange.getProperty(ReportTexts.PROPERTY, String.class);
        // The shared location and the reference come with the report text's read (route case-enrich);
        // without it (a step run on its own) they are read here.
        ReportTexts.Read read = text == null ? null : exchange.getProperty(ReportTexts.READ, ReportTexts.Read.class);
        List<Mention> mentions = recognizer.mentions(text != null ? text : reports.of(caseId));
        Optional<Mention> primary = PlaceRecognizer.primary(mentions);
        Optional<Mention> shared = read != null ? Optional.ofNullable(read.shared()) : shared(caseId);
        Mention place = primary.map(p -> shared.map(s -> withPoint(p, s)).orElse(p)).or(() -> shared).orElse(null);
        String alsoNamed = place == null ? null : mentions.stream().filter(m -> m != primary.orElse(null))
                .map(m -> m.label(properties.city())).distinct().collect(Collectors.joining(", "));
        String reference = read == null ? null : read.reference();
        exchange.setProperty(ReportTexts.WRITES,
                (ReportTexts.Writes) replacing -> store(caseId, category, place, alsoNamed, reference, replacing));
    }

    /**
     * Stores the place of the case and links similar earlier
     * cases; runs inside the transaction that forwards the case (after its row was updated, so the
     * row is locked and a second enrichment of the same case waits and then changes nothing).
     * {@code replacing}: the case may have a place or links of an earlier enrichment (they are
     * deleted first); false only when the forwarding's update found the case row without a
     * category under its lock and the case's read found neither (a first enrichment).
     */
    void store(long caseId, String category, Mention place, String alsoNamed, String reference, boolean replacing) {
        Instant now = clock.instant();
        if (replacing) {
            jdbc.update("DELETE FROM case_location WHERE case_id = ?", caseId);
        }
        if (place != null) {
            jdbc.update("INSERT INTO case_location (case_id, kind, name, house_number, postcode, district, latitude, longitude, "
                            + "label, also_named) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", caseId, place.kind().name(),
                    clip(place.name(), 200), place.houseNumber(), place.postcode(), clip(place.district(), 100), place.latitude(),
                    place.longitude(), clip(place.label(properties.city()), 400),
                    alsoNamed == null || alsoNamed.isEmpty() ? null : clip(alsoNamed, 1000));
        }
        // The case's language (report_case.language) is written by case assembly with the case.
        List<String> earlier = similar.link(caseId, category, place, now, replacing);
        // The log names what was found, not where: a street and house number can point to a person.
        // Nothing found is the everyday case: a line at DEBUG only (one INFO line less per report).
        if (place == null && earlier.isEmpty()) {
            LOG.debug("Case {}: place not named", caseId);
            return;
        }
        LOG.info("Case {}: place {}{}", reference != null ? reference : reference(caseId), place == null ? "not named"
                : place.kind().name().toLowerCase() + (place.houseNumber() == null ? "" : " with house number")
                + (place.hasCoordinates() ? " with coordinates" : ""),
                earlier.isEmpty() ? "" : ", similar to " + String.join(", ", earlier));
    }

    private static Mention withPoint(Mention place, Mention shared) {
        return new Mention(place.kind(), place.name(), place.houseNumber(), place.postcode(), place.district(), shared.latitude(),
                shared.longitude(), place.position());
    }

    /** The last location the citizen shared in WhatsApp for this case (only with "location" accepted). */
    private Optional<Mention> shared(long caseId) {
        List<Map<String, Object>> located = jdbc.queryForList("SELECT latitude, longitude FROM inbound_message WHERE case_id = ? "
                + "AND latitude IS NOT NULL AND longitude IS NOT NULL ORDER BY received_at DESC, id DESC", caseId);
        if (located.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Mention.shared(((Number) located.get(0).get("latitude")).doubleValue(),
                ((Number) located.get(0).get("longitude")).doubleValue()));
    }

    /** What the department's mail and ticket say about the case's place, similar cases and language. */
    public CasePlace forDepartment(long caseId) {
        // One read: the place (at most one row per case) with one row per similar earlier case, oldest first.
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT l.label, l.latitude, l.longitude, l.also_named, c.language, "
                + "e.reference AS earlier FROM report_case c LEFT JOIN case_location l ON l.case_id = c.id "
                + "LEFT JOIN case_similar s ON s.case_id = c.id LEFT JOIN report_case e ON e.id = s.earlier_case_id "
                + "WHERE c.id = ? ORDER BY e.created_at, e.id", caseId);
        Map<String, Object> row = rows.isEmpty() ? Map.of() : rows.get(0);
        List<String> earlier = rows.stream().map(r -> (String) r.get("earlier")).filter(java.util.Objects::nonNull).toList();
        return new CasePlace((String) row.get("label"), number(row.get("latitude")), number(row.get("longitude")),
                (String) row.get("also_named"), earlier, Languages.germanName((String) row.get("language")));
    }

    /** True when the case's text named no place at all (and no location was shared). */
    public boolean placeless(long caseId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM case_location WHERE case_id = ?", Integer.class, caseId);
        return n == null || n == 0;
    }

    private String reference(long caseId) {
        return jdbc.queryForList("SELECT reference FROM report_case WHERE id = ?", String.class, caseId).stream().findFirst().orElse("?");
    }

    private static Double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : null;
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

}
