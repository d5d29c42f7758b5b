package de.meldeweg.console.statistics;

import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import de.meldeweg.privacy.CaseStatisticsFacts;
import de.meldeweg.privacy.CaseStatisticsFacts.Facts;

/**
 * The figures of the statistics page, per month or per ISO week: from the anonymous per-case rows
 * the purge keeps ({@code case_statistics_case}) and, computed the same way, from the cases not
 * purged yet. Medians and 90th percentiles are of the cases where the step happened (nearest-rank).
 */
@Component
public class Statistics {

    public enum Period { MONTH, WEEK }

    /** The figures of one period. Hours are null where no case had that step. */
    public record Row(LocalDate start, String label, int reports, int urgent, int held, Double forwardMedian, Double forwardP90,
                      Double answerMedian, Double answerP90, Double closeMedian, Double closeP90, Double answeredInTimeShare,
                      Map<String, Integer> byCategory, Map<String, Integer> byDepartment) {

        /** The period as a clerk reads it: "12/2026" for a month, "KW 49/2026" for a week ({@link #label} stays the CSV's sortable key). */
        public String shownLabel() {
            return shown(label);
        }
    }

    /** A period's sortable key ("2026-12", "2026-W49") as a clerk reads it ("12/2026", "KW 49/2026"). */
    public static String shown(String label) {
        int week = label.indexOf("-W");
        return week > 0 ? "KW " + label.substring(week + 2) + "/" + label.substring(0, week) : label.substring(5) + "/" + label.substring(0, 4);
    }

    public record Report(Period period, LocalDate from, LocalDate to, List<Row> rows, List<String> categories, List<String> departments) {
    }

    private final JdbcTemplate jdbc;
    private final ZoneId zone;

    public Statistics(JdbcTemplate jdbc, ZoneId zone) {
        this.jdbc = jdbc;
        this.zone = zone;
    }

    /** The report computed now from every case of the range (purged and live): exact, and the slower the longer the range. */
    public Report report(Period period, LocalDate from, LocalDate to) {
        return aggregate(period, from, to, facts(from, to));
    }

    /** The facts of every case that came in on the days {@code from} to {@code to} (city time): purged rows and live cases. */
    List<Facts> facts(LocalDate from, LocalDate to) {
        List<Facts> facts = new ArrayList<>(jdbc.query("SELECT report_day, category_code, dept_key, urgent, held, forward_minutes, answer_minutes, "
                        + "close_minutes, answered_in_time FROM case_statistics_case WHERE report_day >= ? AND report_day <= ?",
                (rs, n) -> new Facts(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5),
                        integer(rs, 6), integer(rs, 7), integer(rs, 8), rs.getBoolean(9)), Date.valueOf(from), Date.valueOf(to)));
        // Cases still in the database: the day boundaries in city time, a day's margin either side for the zone.
        CaseStatisticsFacts.created(jdbc, from.minusDays(1).atStartOfDay(zone).toInstant(), to.plusDays(2).atStartOfDay(zone).toInstant(), zone)
                .stream()
                .filter(f -> !f.day().isBefore(from) && !f.day().isAfter(to)).forEach(facts::add);
        return facts;
    }

    ZoneId zone() {
        return zone;
    }

    /** The report of the given facts (purged and live cases alike): one row per month or week of the range. */
    static Report aggregate(Period period, LocalDate from, LocalDate to, List<Facts> facts) {
        Map<LocalDate, List<Facts>> byPeriod = new TreeMap<>();
        TreeSet<String> categories = new TreeSet<>();
        TreeSet<String> departments = new TreeSet<>();
        for (LocalDate start = start(period, from); !start.isAfter(to); start = period == Period.MONTH ? start.plusMonths(1) : start.plusWeeks(1)) {
            byPeriod.put(start, new ArrayList<>());
        }
        for (Facts f : facts) {
            byPeriod.computeIfAbsent(start(period, f.day()), d -> new ArrayList<>()).add(f);
            categories.add(f.category());
            departments.add(f.department());
        }
        List<Row> rows = new ArrayList<>();
        byPeriod.forEach((start, list) -> rows.add(row(period, start, list, categories, departments)));
        return new Report(period, from, to, rows, List.copyOf(categories), List.copyOf(departments));
    }

    static LocalDate start(Period period, LocalDate day) {
        return period == Period.MONTH ? day.withDayOfMonth(1) : day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static Row row(Period period, LocalDate start, List<Facts> list, TreeSet<String> categories, TreeSet<String> departments) {
        Map<String, Integer> byCategory = new TreeMap<>();
        Map<String, Integer> byDepartment = new TreeMap<>();
        categories.forEach(c -> byCategory.put(c, 0));
        departments.forEach(d -> byDepartment.put(d, 0));
        int urgent = 0;
        int held = 0;
        int inTime = 0;
        int forwarded = 0;
        List<Integer> forward = new ArrayList<>();
        List<Integer> answer = new ArrayList<>();
        List<Integer> close = new ArrayList<>();
        for (Facts f : list) {
            byCategory.merge(f.category(), 1, Integer::sum);
            byDepartment.merge(f.department(), 1, Integer::sum);
            urgent += f.urgent() ? 1 : 0;
            held += f.held() ? 1 : 0;
            if (f.forwardMinutes() != null) {
                forward.add(f.forwardMinutes());
                forwarded++;
                inTime += f.answeredInTime() ? 1 : 0;
            }
            if (f.answerMinutes() != null) {
                answer.add(f.answerMinutes());
            }
            if (f.closeMinutes() != null) {
                close.add(f.closeMinutes());
            }
        }
        String label = period == Period.MONTH ? String.format("%04d-%02d", start.getYear(), start.getMonthValue())
                : String.format("%04d-W%02d", start.get(IsoFields.WEEK_BASED_YEAR), start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        return new Row(start, label, list.size(), urgent, held, hours(forward, 50), hours(forward, 90), hours(answer, 50), hours(answer, 90),
                hours(close, 50), hours(close, 90), forwarded == 0 ? null : Math.round(1000.0 * inTime / forwarded) / 10.0, byCategory, byDepartment);
    }

    /** The nearest-rank percentile of the minutes, in hours with one decimal; null for none. */
    static Double hours(List<Integer> minutes, int percentile) {
        if (minutes.isEmpty()) {
            return null;
        }
        int[] sorted = minutes.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return Math.round(sorted[Math.max(0, rank - 1)] / 6.0) / 10.0;
    }

    private static Integer integer(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
