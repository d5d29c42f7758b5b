package de.meldeweg.console.statistics;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import de.meldeweg.console.statistics.Statistics.Period;
import de.meldeweg.console.statistics.Statistics.Report;
import de.meldeweg.console.statistics.Statistics.Row;
import de.meldeweg.privacy.CaseStatisticsFacts.Facts;

/**
 * What the statistics page shows: the months and weeks that are over, as counted by the last
 * {@link #refresh()} (route {@code console-statistics-snapshot}, every
 * {@code meldeweg.console.statistics.refresh}), and the running month or week, and any period the
 * chosen range cuts, counted at the request. Both are counted by the same {@link Statistics}
 * from the same facts, so a period's figures are those {@link Statistics#report} gives, as of the
 * time the snapshot was taken, which the page names. Held in memory, per instance: figures per
 * period only (counts, medians, shares), no case and nothing about a citizen.
 */
@Component
public class StatisticsSnapshot {

    private static final Logger LOG = LoggerFactory.getLogger(StatisticsSnapshot.class);

    /**
     * The page's report; {@code asOf} is when the periods not counted now were counted (null when
     * everything was counted now), {@code countedNow} the labels of the periods counted at the request.
     */
    public record Shown(Report report, Instant asOf, List<String> countedNow) {
    }

    /** The rows of the months and of the weeks over, counted at {@code asOf}. */
    private record Taken(Instant asOf, Map<LocalDate, Row> months, Map<LocalDate, Row> weeks) {
    }

    private final Statistics statistics;
    private final Clock clock;
    private final StatisticsProperties properties;
    private volatile Taken taken;

    public StatisticsSnapshot(Statistics statistics, Clock clock, StatisticsProperties properties) {
        this.statistics = statistics;
        this.clock = clock;
        this.properties = properties;
    }

    /** Counts the months and weeks over before today, {@code meldeweg.console.statistics.months} back, in one read. */
    public void refresh() {
        long started = System.nanoTime();
        Instant now = clock.instant();
        LocalDate today = now.atZone(statistics.zone()).toLocalDate();
        LocalDate monthStart = Statistics.start(Period.MONTH, today);
        LocalDate weekStart = Statistics.start(Period.WEEK, today);
        LocalDate monthsFrom = monthStart.minusMonths(properties.months());
        LocalDate weeksFrom = Statistics.start(Period.WEEK, monthsFrom);
        LocalDate last = (monthStart.isAfter(weekStart) ? monthStart : weekStart).minusDays(1);
        List<Facts> facts = statistics.facts(weeksFrom, last);
        Taken next = new Taken(now, rows(Period.MONTH, monthsFrom, monthStart.minusDays(1), facts),
                rows(Period.WEEK, weeksFrom, weekStart.minusDays(1), facts));
        taken = next;
        LOG.info("Statistics: {} months and {} weeks before {} counted from {} cases in {} ms", next.months().size(), next.weeks().size(),
                today, facts.size(), (System.nanoTime() - started) / 1_000_000);
    }

    private static Map<LocalDate, Row> rows(Period period, LocalDate from, LocalDate to, List<Facts> facts) {
        Map<LocalDate, Row> rows = new TreeMap<>();
        Statistics.aggregate(period, from, to, facts.stream().filter(f -> !f.day().isBefore(from) && !f.day().isAfter(to)).toList())
                .rows().forEach(r -> rows.put(r.start(), r));
        return Map.copyOf(rows);
    }

    /** Back to counting every period at the request, as before the first count (for tests that share a service). */
    void forget() {
        taken = null;
    }

    /** When the periods over were last counted; null before the first count. */
    public Instant asOf() {
        Taken t = taken;
        return t == null ? null : t.asOf();
    }

    /**
     * The report of the range: a whole period the snapshot holds comes from it, every other period
     * (the running one, one the range cuts, one older than the snapshot) is counted now.
     */
    public Shown report(Period period, LocalDate from, LocalDate to) {
        Taken t = taken;
        Map<LocalDate, Row> counted = t == null ? Map.of() : period == Period.MONTH ? t.months() : t.weeks();
        TreeMap<LocalDate, Row> rows = new TreeMap<>();
        List<String> countedNow = new ArrayList<>();
        boolean fromSnapshot = false;
        LocalDate open = null; // first day of a run of days to count now
        for (LocalDate start = Statistics.start(period, from); !start.isAfter(to); start = next(period, start)) {
            Row row = counted.get(start);
            if (row != null && !start.isBefore(from) && !next(period, start).minusDays(1).isAfter(to)) {
                if (open != null) {
                    countNow(period, open, start.minusDays(1), rows, countedNow);
                    open = null;
                }
                rows.put(start, row);
                fromSnapshot = true;
            } else if (open == null) {
                open = start.isBefore(from) ? from : start;
            }
        }
        if (open != null) {
            countNow(period, open, to, rows, countedNow);
        }
        if (!fromSnapshot) {
            return new Shown(new Report(period, from, to, List.copyOf(rows.values()), categories(rows, true), categories(rows, false)),
                    null, countedNow);
        }
        return new Shown(merged(period, from, to, rows), t.asOf(), countedNow);
    }

    private void countNow(Period period, LocalDate from, LocalDate to, Map<LocalDate, Row> rows, List<String> labels) {
        for (Row row : Statistics.aggregate(period, from, to, statistics.facts(from, to)).rows()) {
            rows.put(row.start(), row);
            labels.add(row.label());
        }
    }

    private static LocalDate next(Period period, LocalDate start) {
        return period == Period.MONTH ? start.plusMonths(1) : start.plusWeeks(1);
    }

    /** The rows with the categories and departments of the whole range, as {@link Statistics#aggregate} lists them. */
    private static Report merged(Period period, LocalDate from, LocalDate to, TreeMap<LocalDate, Row> rows) {
        List<String> categories = categories(rows, true);
        List<String> departments = categories(rows, false);
        List<Row> list = new ArrayList<>();
        for (Row r : rows.values()) {
            list.add(new Row(r.start(), r.label(), r.reports(), r.urgent(), r.held(), r.forwardMedian(), r.forwardP90(), r.answerMedian(),
                    r.answerP90(), r.closeMedian(), r.closeP90(), r.answeredInTimeShare(), filled(r.byCategory(), categories),
                    filled(r.byDepartment(), departments)));
        }
        return new Report(period, from, to, list, categories, departments);
    }

    /** Every category (or department) that has a case in some row of the range. */
    private static List<String> categories(Map<LocalDate, Row> rows, boolean category) {
        TreeSet<String> names = new TreeSet<>();
        for (Row r : rows.values()) {
            (category ? r.byCategory() : r.byDepartment()).forEach((name, n) -> {
                if (n > 0) {
                    names.add(name);
                }
            });
        }
        return List.copyOf(names);
    }

    private static Map<String, Integer> filled(Map<String, Integer> counts, List<String> names) {
        Map<String, Integer> filled = new TreeMap<>();
        names.forEach(n -> filled.put(n, counts.getOrDefault(n, 0)));
        return filled;
    }
}
