package de.meldeweg.privacy;

import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The anonymous figures of a case that the statistics keep after the purge (table
 * {@code case_statistics_case}): the day it came in, category, department, urgent, held for review,
 * minutes to forwarding, to the department's first relayed answer and to closing, and whether it
 * was answered within {@value #WORKING_DAYS} working days (Monday to Friday; public holidays are
 * not known here and count as working days). The same figures are computed for cases not yet
 * purged, so the statistics page shows both alike.
 */
public final class CaseStatisticsFacts {

    public static final int WORKING_DAYS = 3;

    /** One case's figures; minutes are null when it did not happen (yet). */
    public record Facts(LocalDate day, String category, String department, boolean urgent, boolean held, Integer forwardMinutes,
                        Integer answerMinutes, Integer closeMinutes, boolean answeredInTime) {
    }

    private static final String SELECT = "SELECT c.created_at, c.category_code, c.dept_key, c.urgent, c.forwarded_at, c.closed_at, "
            + "(SELECT MIN(r.received_at) FROM reply r WHERE r.case_id = c.id AND r.outcome = 'RELAYED'), "
            + "(SELECT COUNT(*) FROM case_review v WHERE v.case_id = c.id) FROM report_case c WHERE ";

    private CaseStatisticsFacts() {
    }

    /**
     * The same figures for every case created in {@code [from, to)}, read in one pass: the first
     * relayed answers of all cases are grouped once and joined (a hash join in PostgreSQL), where
     * {@link #of} looks them up case by case, and the columns come from the index
     * {@code report_case_statistics} (V23) without touching the wide rows. For the statistics page.
     */
    public static List<Facts> created(JdbcTemplate jdbc, Instant from, Instant to, ZoneId zone) {
        return jdbc.query(CREATED, (rs, n) -> facts(rs, zone), Timestamp.from(from), Timestamp.from(to));
    }

    private static final String CREATED = "SELECT c.created_at, c.category_code, c.dept_key, c.urgent, c.forwarded_at, c.closed_at, a.answered_at, "
            + "CASE WHEN v.case_id IS NULL THEN 0 ELSE 1 END FROM report_case c "
            + "LEFT JOIN (SELECT case_id, MIN(received_at) AS answered_at FROM reply WHERE outcome = 'RELAYED' GROUP BY case_id) a ON a.case_id = c.id "
            + "LEFT JOIN case_review v ON v.case_id = c.id WHERE c.created_at >= ? AND c.created_at < ?";

    /** The figures of the cases matching {@code condition} (on {@code report_case c}, with {@code ?} parameters). */
    public static List<Facts> of(JdbcTemplate jdbc, String condition, ZoneId zone, Object... args) {
        return jdbc.query(SELECT + condition, (rs, n) -> facts(rs, zone), args);
    }

    private static Facts facts(java.sql.ResultSet rs, ZoneId zone) throws java.sql.SQLException {
        Instant created = rs.getTimestamp(1).toInstant();
        Instant forwarded = instant(rs.getTimestamp(5));
        Instant closed = instant(rs.getTimestamp(6));
        Instant answered = instant(rs.getTimestamp(7));
        return new Facts(created.atZone(zone).toLocalDate(), orDash(rs.getString(2)), orDash(rs.getString(3)), rs.getBoolean(4),
                rs.getLong(8) > 0, minutes(created, forwarded), minutes(created, answered), minutes(created, closed),
                answered != null && !answered.isAfter(deadline(created.atZone(zone)).toInstant()));
    }

    /** Counts the cases with these ids into the statistics; called by the purge before it removes them. */
    static void record(JdbcTemplate jdbc, List<Long> ids, ZoneId zone) {
        if (ids.isEmpty()) {
            return;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        for (Facts f : of(jdbc, "c.id IN (" + marks + ")", zone, ids.toArray())) {
            jdbc.update("INSERT INTO case_statistics_case (report_day, category_code, dept_key, urgent, held, forward_minutes, answer_minutes, "
                            + "close_minutes, answered_in_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    java.sql.Date.valueOf(f.day()), f.category(), f.department(), f.urgent(), f.held(), f.forwardMinutes(), f.answerMinutes(),
                    f.closeMinutes(), f.answeredInTime());
        }
    }

    /** {@value #WORKING_DAYS} working days after this moment, at the same time of day. */
    public static ZonedDateTime deadline(ZonedDateTime from) {
        ZonedDateTime t = from;
        int days = 0;
        while (days < WORKING_DAYS) {
            t = t.plusDays(1);
            if (t.getDayOfWeek() != DayOfWeek.SATURDAY && t.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days++;
            }
        }
        return t;
    }

    private static Integer minutes(Instant from, Instant to) {
        return to == null ? null : (int) Math.max(0, Duration.between(from, to).toMinutes());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
