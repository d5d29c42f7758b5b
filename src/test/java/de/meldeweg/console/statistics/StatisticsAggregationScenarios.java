package de.meldeweg.console.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import de.meldeweg.privacy.CaseStatisticsFacts;
import de.meldeweg.privacy.CaseStatisticsFacts.Facts;

/**
 * The statistics page's figures (live cases read in one pass with joins and the covering index,
 * {@link CaseStatisticsFacts#created}) are the figures a plain count gives: every case read one by
 * one with its own look-ups ({@link CaseStatisticsFacts#of}, as the purge reads it) and counted,
 * sorted and ranked in Java. A seeded set of live and purged cases over
 * fourteen months with the clock changes in it, cases just before and after midnight, forwarding
 * before creation, several answers per case and answers a second before, at and after the deadline
 * of three working days; per month and per week, in the city's zone and in one with half-hour
 * clock changes. Runs on H2 and PostgreSQL.
 */
abstract class StatisticsAggregationScenarios {

    private static final List<String> CATEGORIES = List.of("STRASSE", "GRUEN", "WASSER", "ORDNUNG");
    private static final List<String> DEPARTMENTS = List.of("tiefbauamt", "gruenflaechen", "abwasser", "ordnungsamt");

    /** A database with all migrations applied and no cases. */
    abstract String url();

    abstract String user();

    @Test
    void theDatabasesFiguresAreThoseOfAPlainCount() {
        JdbcTemplate jdbc = jdbc();
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        seed(jdbc, berlin, LocalDate.of(2025, 1, 20), LocalDate.of(2026, 3, 31), 1500, 20261204L);
        for (ZoneId zone : List.of(berlin, ZoneId.of("Australia/Lord_Howe"))) {
            Statistics statistics = new Statistics(jdbc, zone);
            for (Statistics.Period period : Statistics.Period.values()) {
                for (LocalDate[] range : List.of(new LocalDate[] {LocalDate.of(2025, 2, 1), LocalDate.of(2026, 1, 31)},
                        new LocalDate[] {LocalDate.of(2025, 3, 10), LocalDate.of(2025, 11, 5)},
                        new LocalDate[] {LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31)})) {
                    Statistics.Report expected = plainCount(jdbc, zone, period, range[0], range[1]);
                    Statistics.Report actual = statistics.report(period, range[0], range[1]);
                    assertThat(actual.rows()).as(zone + " " + period + " " + range[0] + ".." + range[1]).hasSameSizeAs(expected.rows());
                    for (int i = 0; i < expected.rows().size(); i++) {
                        assertThat(actual.rows().get(i)).as(zone + " " + period + " row " + i).isEqualTo(expected.rows().get(i));
                    }
                    assertThat(actual).isEqualTo(expected);
                }
            }
        }
        // the set is no empty one: figures of every kind are in it
        Statistics.Report year = new Statistics(jdbc, berlin).report(Statistics.Period.MONTH, LocalDate.of(2025, 2, 1), LocalDate.of(2026, 1, 31));
        assertThat(year.rows()).hasSize(12).allSatisfy(row -> {
            assertThat(row.reports()).isPositive();
            assertThat(row.answerMedian()).isNotNull();
            assertThat(row.closeP90()).isNotNull();
            assertThat(row.answeredInTimeShare()).isBetween(1.0, 99.0);
        });
        assertThat(year.rows().stream().mapToInt(Statistics.Row::held).sum()).isPositive();
        assertThat(year.categories()).contains("-", "STRASSE");
    }

    private JdbcTemplate jdbc() {
        DriverManagerDataSource source = new DriverManagerDataSource(url(), user(), user().equals("postgres") ? "postgres" : "");
        Flyway.configure().dataSource(source).locations("classpath:db/migration").cleanDisabled(false).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(source);
        for (String table : List.of("reply", "case_review", "report_case", "case_statistics_case")) {
            jdbc.update("DELETE FROM " + table);
        }
        return jdbc;
    }

    /** Live cases (with answers and reviews) and purged rows, at random times from {@code first} to {@code last}. */
    static void seed(JdbcTemplate jdbc, ZoneId zone, LocalDate first, LocalDate last, int cases, long seed) {
        Random random = new Random(seed);
        long from = first.atStartOfDay(zone).toEpochSecond();
        long span = last.plusDays(1).atStartOfDay(zone).toEpochSecond() - from;
        List<Object[]> caseRows = new ArrayList<>();
        List<Object[]> replies = new ArrayList<>();
        List<Object[]> reviews = new ArrayList<>();
        List<Object[]> purged = new ArrayList<>();
        for (int i = 1; i <= cases; i++) {
            Instant created;
            if (i % 10 == 0) { // around midnight, city time
                LocalDate day = first.plusDays(random.nextInt((int) (span / 86_400)));
                created = day.atStartOfDay(zone).toInstant().plusMillis(random.nextInt(4_000) - 2_000);
            } else {
                created = Instant.ofEpochSecond(from + (long) (random.nextDouble() * span), random.nextInt(1_000_000) * 1_000L);
            }
            int c = random.nextInt(CATEGORIES.size() + 1);
            String category = c == CATEGORIES.size() ? null : CATEGORIES.get(c);
            String department = category == null ? null : DEPARTMENTS.get(c);
            Instant forwarded = random.nextInt(10) == 0 ? null
                    : created.plusMillis(random.nextInt(10) == 0 ? -random.nextInt(120_000) : random.nextInt(3 * 3_600_000));
            Instant closed = random.nextInt(3) == 0 ? null : created.plusSeconds(random.nextInt(30 * 86_400));
            caseRows.add(new Object[] {(long) i, "WK-T-" + i, closed == null ? "FORWARDED" : "CLOSED", category, department, random.nextInt(20) == 0,
                    Timestamp.from(created), forwarded == null ? null : Timestamp.from(forwarded), closed == null ? null : Timestamp.from(closed)});
            Instant deadline = CaseStatisticsFacts.deadline(created.atZone(zone)).toInstant();
            int answers = random.nextInt(4);
            for (int a = 0; a < answers; a++) {
                Instant at = switch (random.nextInt(5)) {
                    case 0 -> deadline.minusSeconds(1);
                    case 1 -> deadline;
                    case 2 -> deadline.plusMillis(1);
                    default -> created.plusSeconds(random.nextInt(8 * 86_400));
                };
                replies.add(new Object[] {"t-" + i + "-" + a, (long) i, random.nextInt(4) == 0 ? "HELD" : "RELAYED", Timestamp.from(at)});
            }
            if (random.nextInt(25) == 0) {
                reviews.add(new Object[] {(long) i, "test", Timestamp.from(created)});
            }
            if (random.nextInt(2) == 0) { // a purged case of the same day
                Integer forward = random.nextInt(8) == 0 ? null : random.nextInt(600);
                Integer answer = random.nextInt(3) == 0 ? null : random.nextInt(10_000);
                purged.add(new Object[] {Date.valueOf(created.atZone(zone).toLocalDate()), category == null ? "-" : category,
                        department == null ? "-" : department, random.nextInt(30) == 0, random.nextInt(30) == 0, forward, answer,
                        answer == null || random.nextBoolean() ? null : answer + random.nextInt(5_000), answer != null && random.nextBoolean()});
            }
        }
        jdbc.batchUpdate("INSERT INTO report_case (id, reference, state, category_code, dept_key, urgent, created_at, forwarded_at, closed_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", caseRows);
        jdbc.batchUpdate("INSERT INTO reply (source_key, channel, case_id, outcome, received_at) VALUES (?, 'MAIL', ?, ?, ?)", replies);
        jdbc.batchUpdate("INSERT INTO case_review (case_id, reason, held_at) VALUES (?, ?, ?)", reviews);
        jdbc.batchUpdate("INSERT INTO case_statistics_case (report_day, category_code, dept_key, urgent, held, forward_minutes, answer_minutes, "
                + "close_minutes, answered_in_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", purged);
    }

    /** The figures counted case by case in Java: every purged row and every live case of the range. */
    static Statistics.Report plainCount(JdbcTemplate jdbc, ZoneId zone, Statistics.Period period, LocalDate from, LocalDate to) {
        List<Facts> facts = new ArrayList<>(jdbc.query("SELECT report_day, category_code, dept_key, urgent, held, forward_minutes, answer_minutes, "
                        + "close_minutes, answered_in_time FROM case_statistics_case WHERE report_day >= ? AND report_day <= ?",
                (rs, n) -> new Facts(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5),
                        (Integer) rs.getObject(6), (Integer) rs.getObject(7), (Integer) rs.getObject(8), rs.getBoolean(9)),
                Date.valueOf(from), Date.valueOf(to)));
        CaseStatisticsFacts.of(jdbc, "1 = 1", zone).stream().filter(f -> !f.day().isBefore(from) && !f.day().isAfter(to)).forEach(facts::add);
        Map<LocalDate, List<Facts>> byPeriod = new TreeMap<>();
        TreeSet<String> categories = new TreeSet<>();
        TreeSet<String> departments = new TreeSet<>();
        for (LocalDate start = Statistics.start(period, from); !start.isAfter(to);
             start = period == Statistics.Period.MONTH ? start.plusMonths(1) : start.plusWeeks(1)) {
            byPeriod.put(start, new ArrayList<>());
        }
        for (Facts f : facts) {
            byPeriod.get(Statistics.start(period, f.day())).add(f);
            categories.add(f.category());
            departments.add(f.department());
        }
        List<Statistics.Row> rows = new ArrayList<>();
        byPeriod.forEach((start, list) -> {
            Map<String, Integer> byCategory = new TreeMap<>();
            Map<String, Integer> byDepartment = new TreeMap<>();
            categories.forEach(c -> byCategory.put(c, 0));
            departments.forEach(d -> byDepartment.put(d, 0));
            int urgent = 0;
            int held = 0;
            int inTime = 0;
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
                    inTime += f.answeredInTime() ? 1 : 0;
                }
                if (f.answerMinutes() != null) {
                    answer.add(f.answerMinutes());
                }
                if (f.closeMinutes() != null) {
                    close.add(f.closeMinutes());
                }
            }
            String label = period == Statistics.Period.MONTH ? String.format("%04d-%02d", start.getYear(), start.getMonthValue())
                    : String.format("%04d-W%02d", start.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR),
                    start.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            rows.add(new Statistics.Row(start, label, list.size(), urgent, held, hours(forward, 50), hours(forward, 90), hours(answer, 50),
                    hours(answer, 90), hours(close, 50), hours(close, 90),
                    forward.isEmpty() ? null : Math.round(1000.0 * inTime / forward.size()) / 10.0, byCategory, byDepartment));
        });
        return new Statistics.Report(period, from, to, rows, List.copyOf(categories), List.copyOf(departments));
    }

    /** The nearest-rank percentile of the minutes, in hours with one decimal; null for none. */
    private static Double hours(List<Integer> minutes, int percentile) {
        if (minutes.isEmpty()) {
            return null;
        }
        int[] sorted = minutes.stream().mapToInt(Integer::intValue).sorted().toArray();
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return Math.round(sorted[Math.max(0, rank - 1)] / 6.0) / 10.0;
    }
}
