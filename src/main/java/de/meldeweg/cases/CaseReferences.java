package de.meldeweg.cases;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Hands out case references {@code WK-<year>-<6 digits>}: counted per year under a row lock,
 * never reused, and free of personal data. Must run inside the caller's transaction.
 */
@Component
public class CaseReferences {

    private final JdbcTemplate jdbc;

    public CaseReferences(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String next(int year) {
        return next(year, 1).get(0);
    }

    /**
     * The next {@code count} references of the year, in order: one update of the counter and one
     * read for all of them (the counter's row stays locked until the caller's transaction ends).
     */
    public List<String> next(int year, int count) {
        if (jdbc.update("UPDATE case_reference_counter SET last_value = last_value + ? WHERE ref_year = ?", count, year) == 0) {
            // First case of the year. Another instance inserting the same year at the same moment
            // makes one transaction fail on the primary key; it is retried and then counts on.
            jdbc.update("INSERT INTO case_reference_counter (ref_year, last_value) VALUES (?, ?)", year, count);
        }
        Integer last = jdbc.queryForObject("SELECT last_value FROM case_reference_counter WHERE ref_year = ?", Integer.class, year);
        List<String> references = new java.util.ArrayList<>(count);
        for (int value = last - count + 1; value <= last; value++) {
            references.add(format(year, value));
        }
        return references;
    }

    /**
     * The reference of a case, for log lines: operators and departments speak of references, and
     * a reference carries no personal data. Falls back to the id when the case is gone (erased).
     */
    public String of(long caseId) {
        synchronized (recent) {
            String known = recent.get(caseId);
            if (known != null) {
                return known;
            }
        }
        List<String> found = jdbc.queryForList("SELECT reference FROM report_case WHERE id = ?", String.class, caseId);
        if (found.isEmpty()) {
            return "#" + caseId;
        }
        remember(caseId, found.get(0));
        return found.get(0);
    }

    /**
     * Notes the reference of a case just assembled: the stages after it log the case several times,
     * and a reference never changes, so they need not read it from the database each time.
     */
    public void remember(long caseId, String reference) {
        synchronized (recent) {
            recent.put(caseId, reference);
        }
    }

    /**
     * The references of the cases in the pipeline right now (the most recently used ones), of this
     * service's database only: each Spring context (and each database) has its own.
     */
    private final Map<Long, String> recent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > 1024;
        }
    };

    static String format(int year, int value) {
        if (value > 999_999) {
            throw new IllegalStateException("more than 999999 cases in " + year);
        }
        return String.format("WK-%d-%06d", year, value);
    }
}
