package de.meldeweg.console.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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

    /**
     * The figures with every live case read on its own (the per-case look-up the purge uses) instead of the page's
     * one pass, aggregated as the page does: the two may differ only in how the live cases were read.
     */
    static Statistics.Report plainCount(JdbcTemplate jdbc, ZoneId zone, Statistics.Period period, LocalDate from, LocalDate to) {
        List<Facts> facts = new ArrayList<>(jdbc.query("SELECT report_day, category_code, dept_key, urgent, held, forward_minutes, answer_minutes, "
                        + "close_minutes, answered_in_time FROM case_statistics_case WHERE report_day >= ? AND report_day <= ?",
                (rs, n) -> new Facts(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5),
                        (Integer) rs.getObject(6), (Integer) rs.getObject(7), (Integer) rs.getObject(8), rs.getBoolean(9)),
                Date.valueOf(from), Date.valueOf(to)));
        CaseStatisticsFacts.of(jdbc, "1 = 1", zone).stream().filter(f -> !f.day().isBefore(from) && !f.day().isAfter(to)).forEach(facts::add);
        return Statistics.aggregate(period, from, to, facts);
    }
}
