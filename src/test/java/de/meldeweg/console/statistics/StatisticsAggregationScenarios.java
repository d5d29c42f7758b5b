package de.meldeweg.console.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /**
     * The page's figures with the months and weeks over taken from the snapshot: right after a
     * count they are those of a plain count; a change to a case of the running week (forwarded,
     * answered, closed, re-routed) shows at once; changes to cases of months that are over
     * (forwarded, answered, closed, re-routed, purged, erased) leave the page at the figures of the
     * count, with its time, until the next count, after which it agrees with a plain count again.
     */
    @Test
    void theSnapshotAndTheRunningPeriodAgreeWithAPlainCountAsCasesChange() {
        JdbcTemplate jdbc = jdbc();
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        seed(jdbc, berlin, LocalDate.of(2025, 1, 20), LocalDate.of(2026, 3, 18), 600, 20261205L);
        Instant counted = LocalDate.of(2026, 3, 18).atTime(11, 30).atZone(berlin).toInstant();
        Statistics statistics = new Statistics(jdbc, berlin);
        // six months back: the default twelve months are partly older than the snapshot and counted at the request
        StatisticsSnapshot snapshot = new StatisticsSnapshot(statistics, Clock.fixed(counted, berlin), new StatisticsProperties(Duration.ofMinutes(10),
                Duration.ofSeconds(20), 6));
        List<Object[]> ranges = List.of(new Object[] {Statistics.Period.MONTH, LocalDate.of(2025, 4, 1), LocalDate.of(2026, 3, 18)},
                new Object[] {Statistics.Period.WEEK, LocalDate.of(2025, 12, 24), LocalDate.of(2026, 3, 18)},
                new Object[] {Statistics.Period.MONTH, LocalDate.of(2025, 10, 15), LocalDate.of(2026, 2, 20)},
                new Object[] {Statistics.Period.WEEK, LocalDate.of(2025, 9, 1), LocalDate.of(2025, 12, 31)});

        assertThat(snapshot.report(Statistics.Period.MONTH, LocalDate.of(2025, 4, 1), LocalDate.of(2026, 3, 18)).asOf())
                .as("before the first count everything is counted at the request").isNull();
        agree(jdbc, berlin, snapshot, ranges, null);
        snapshot.refresh();
        agree(jdbc, berlin, snapshot, ranges, counted);
        StatisticsSnapshot.Shown year = snapshot.report(Statistics.Period.MONTH, LocalDate.of(2025, 4, 1), LocalDate.of(2026, 3, 18));
        assertThat(year.countedNow()).containsExactly("2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2026-03");
        assertThat(snapshot.report(Statistics.Period.WEEK, LocalDate.of(2025, 12, 24), LocalDate.of(2026, 3, 18)).countedNow())
                .containsExactly("2025-W52", "2026-W12");

        // a report of the running week, step by step: each step shows at once
        Instant created = LocalDate.of(2026, 3, 17).atTime(8, 0).atZone(berlin).toInstant();
        jdbc.update("INSERT INTO report_case (id, reference, state, urgent, created_at) VALUES (90001, 'WK-T-90001', 'ASSEMBLED', FALSE, ?)",
                Timestamp.from(created));
        agree(jdbc, berlin, snapshot, ranges, counted);
        jdbc.update("UPDATE report_case SET state = 'FORWARDED', category_code = 'STRASSE', dept_key = 'tiefbauamt', forwarded_at = ? WHERE id = 90001",
                Timestamp.from(created.plusSeconds(180)));
        agree(jdbc, berlin, snapshot, ranges, counted);
        jdbc.update("INSERT INTO reply (source_key, channel, case_id, outcome, received_at) VALUES ('t-90001', 'MAIL', 90001, 'RELAYED', ?)",
                Timestamp.from(created.plusSeconds(7200)));
        agree(jdbc, berlin, snapshot, ranges, counted);
        jdbc.update("UPDATE report_case SET category_code = 'GRUEN', dept_key = 'gruenflaechen' WHERE id = 90001");
        agree(jdbc, berlin, snapshot, ranges, counted);
        jdbc.update("UPDATE report_case SET state = 'CLOSED', closed_at = ? WHERE id = 90001", Timestamp.from(created.plusSeconds(9000)));
        agree(jdbc, berlin, snapshot, ranges, counted);
        assertThat(snapshot.report(Statistics.Period.WEEK, LocalDate.of(2026, 3, 16), LocalDate.of(2026, 3, 18)).report().rows().get(0)
                .byCategory()).containsKey("GRUEN");

        // cases of months that are over change: the page keeps the counted figures, with their time
        Map<Statistics.Period, List<StatisticsSnapshot.Shown>> before = shown(snapshot, ranges);
        long forward = firstCase(jdbc, "c.forwarded_at IS NULL", berlin, LocalDate.of(2025, 12, 1));
        jdbc.update("UPDATE report_case SET state = 'FORWARDED', category_code = 'WASSER', dept_key = 'abwasser', forwarded_at = created_at WHERE id = ?",
                forward);
        long answer = firstCase(jdbc, "NOT EXISTS (SELECT 1 FROM reply r WHERE r.case_id = c.id AND r.outcome = 'RELAYED')", berlin,
                LocalDate.of(2025, 11, 1));
        jdbc.update("INSERT INTO reply (source_key, channel, case_id, outcome, received_at) SELECT 't-answer', 'MAIL', id, 'RELAYED', created_at "
                + "FROM report_case WHERE id = ?", answer);
        long close = firstCase(jdbc, "c.closed_at IS NULL", berlin, LocalDate.of(2026, 1, 1));
        jdbc.update("UPDATE report_case SET state = 'CLOSED', closed_at = created_at WHERE id = ?", close);
        long reroute = firstCase(jdbc, "c.category_code = 'STRASSE'", berlin, LocalDate.of(2025, 10, 1));
        jdbc.update("UPDATE report_case SET category_code = 'ORDNUNG', dept_key = 'ordnungsamt' WHERE id = ?", reroute);
        long purge = firstCase(jdbc, "c.closed_at IS NOT NULL", berlin, LocalDate.of(2025, 9, 1));
        for (Facts f : CaseStatisticsFacts.of(jdbc, "c.id = ?", berlin, purge)) { // as RetentionPurge counts a case before it removes it
            jdbc.update("INSERT INTO case_statistics_case (report_day, category_code, dept_key, urgent, held, forward_minutes, answer_minutes, "
                    + "close_minutes, answered_in_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", Date.valueOf(f.day()), f.category(), f.department(),
                    f.urgent(), f.held(), f.forwardMinutes(), f.answerMinutes(), f.closeMinutes(), f.answeredInTime());
        }
        long erase = firstCase(jdbc, "c.id <> " + forward, berlin, LocalDate.of(2025, 12, 1));
        for (long id : List.of(purge, erase)) { // an erasure drops a case without counting it
            jdbc.update("DELETE FROM reply WHERE case_id = ?", id);
            jdbc.update("DELETE FROM case_review WHERE case_id = ?", id);
            jdbc.update("DELETE FROM report_case WHERE id = ?", id);
        }
        assertThat(shown(snapshot, ranges)).as("until the next count").isEqualTo(before);
        StatisticsSnapshot.Shown stale = snapshot.report(Statistics.Period.MONTH, LocalDate.of(2025, 4, 1), LocalDate.of(2026, 3, 18));
        assertThat(stale.report()).as("the changes are real").isNotEqualTo(plainCount(jdbc, berlin, Statistics.Period.MONTH,
                LocalDate.of(2025, 4, 1), LocalDate.of(2026, 3, 18)));
        assertThat(stale.asOf()).isEqualTo(counted);

        Instant later = counted.plus(Duration.ofMinutes(10));
        StatisticsSnapshot next = new StatisticsSnapshot(statistics, Clock.fixed(later, berlin), new StatisticsProperties(Duration.ofMinutes(10),
                Duration.ofSeconds(20), 6));
        next.refresh();
        agree(jdbc, berlin, next, ranges, later);
        snapshot.refresh();
        agree(jdbc, berlin, snapshot, ranges, counted);
    }

    private static void agree(JdbcTemplate jdbc, ZoneId zone, StatisticsSnapshot snapshot, List<Object[]> ranges, Instant asOf) {
        List<Facts> facts = plainFacts(jdbc, zone, LocalDate.of(2000, 1, 1), LocalDate.of(2100, 1, 1)); // read once, counted per range
        for (Object[] range : ranges) {
            Statistics.Period period = (Statistics.Period) range[0];
            LocalDate from = (LocalDate) range[1];
            LocalDate to = (LocalDate) range[2];
            StatisticsSnapshot.Shown shown = snapshot.report(period, from, to);
            assertThat(shown.report()).as(period + " " + from + ".." + to).isEqualTo(Statistics.aggregate(period, from, to,
                    facts.stream().filter(f -> !f.day().isBefore(from) && !f.day().isAfter(to)).toList()));
            assertThat(shown.asOf()).as(period + " " + from + ".." + to + " counted at").isEqualTo(asOf);
        }
    }

    private static Map<Statistics.Period, List<StatisticsSnapshot.Shown>> shown(StatisticsSnapshot snapshot, List<Object[]> ranges) {
        Map<Statistics.Period, List<StatisticsSnapshot.Shown>> shown = new java.util.EnumMap<>(Statistics.Period.class);
        for (Object[] range : ranges) {
            shown.computeIfAbsent((Statistics.Period) range[0], p -> new ArrayList<>())
                    .add(snapshot.report((Statistics.Period) range[0], (LocalDate) range[1], (LocalDate) range[2]));
        }
        return shown;
    }

    /**
     * The first case (by id) created on the 3rd to 13th of the month starting {@code month} that matches {@code condition}: in
     * whole weeks and months of the ranges, none of them cut by a range.
     */
    private static long firstCase(JdbcTemplate jdbc, String condition, ZoneId zone, LocalDate month) {
        return jdbc.queryForObject("SELECT MIN(c.id) FROM report_case c WHERE c.created_at >= ? AND c.created_at < ? AND " + condition, Long.class,
                Timestamp.from(month.plusDays(2).atStartOfDay(zone).toInstant()),
                Timestamp.from(month.plusDays(13).atStartOfDay(zone).toInstant()));
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
        return Statistics.aggregate(period, from, to, plainFacts(jdbc, zone, from, to));
    }

    private static List<Facts> plainFacts(JdbcTemplate jdbc, ZoneId zone, LocalDate from, LocalDate to) {
        List<Facts> facts = new ArrayList<>(jdbc.query("SELECT report_day, category_code, dept_key, urgent, held, forward_minutes, answer_minutes, "
                        + "close_minutes, answered_in_time FROM case_statistics_case WHERE report_day >= ? AND report_day <= ?",
                (rs, n) -> new Facts(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5),
                        (Integer) rs.getObject(6), (Integer) rs.getObject(7), (Integer) rs.getObject(8), rs.getBoolean(9)),
                Date.valueOf(from), Date.valueOf(to)));
        CaseStatisticsFacts.of(jdbc, "1 = 1", zone).stream().filter(f -> !f.day().isBefore(from) && !f.day().isAfter(to)).forEach(facts::add);
        return facts;
    }
}
