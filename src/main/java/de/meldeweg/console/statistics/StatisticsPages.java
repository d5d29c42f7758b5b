package de.meldeweg.console.statistics;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * The statistics page at {@code /console/statistics} ({@code VIEWER} and up): per month or per week,
 * charts (Chart.js from its webjar, drawn by {@code /console/assets/statistics.js} from the numbers
 * in the page) and the same numbers as tables, and a CSV export of them. The page takes the months
 * and weeks that are over from {@link StatisticsSnapshot} and says when they were counted; the
 * export counts every period at the request.
 */
@Controller
@RequestMapping("/console/statistics")
public class StatisticsPages {

    private final ObjectMapper json;
    private static final DateTimeFormatter AS_OF = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");

    private final Statistics statistics;
    private final StatisticsSnapshot snapshot;
    private final Clock clock;
    private final ZoneId zone;

    private final de.meldeweg.console.CaseSearch directory;

    public StatisticsPages(ObjectMapper json, Statistics statistics, StatisticsSnapshot snapshot, Clock clock, ZoneId zone,
                           de.meldeweg.console.CaseSearch directory) {
        this.directory = directory;
        this.json = json;
        this.statistics = statistics;
        this.snapshot = snapshot;
        this.clock = clock;
        this.zone = zone;
    }

    @GetMapping
    public String page(@RequestParam(defaultValue = "MONTH") String period,
                       @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                       @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Model model)
            throws JacksonException {
        Statistics.Period p = period(period);
        LocalDate[] range = range(p, from, to);
        StatisticsSnapshot.Shown shown = snapshot.report(p, range[0], range[1]);
        Statistics.Report report = shown.report();
        model.addAttribute("report", report);
        if (shown.asOf() != null) {
            model.addAttribute("asOf", AS_OF.format(shown.asOf().atZone(zone)));
            model.addAttribute("countedNow", String.join(", ", shown.countedNow().stream().map(Statistics::shown).toList()));
        }
        // the directory's names, read once per page for the column heads and the chart's legend
        Map<String, String> categoryNames = directory.categoryNames();
        model.addAttribute("categoryNames", categoryNames);
        model.addAttribute("departmentNames", directory.departmentNames());
        Map<String, Object> chart = chartData(report);
        chart.put("names", categoryNames);
        model.addAttribute("chartData", json.writeValueAsString(chart));
        return "console/statistics";
    }

    @GetMapping("/export.csv")
    public ResponseEntity<byte[]> csv(@RequestParam(defaultValue = "MONTH") String period,
                                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        Statistics.Report report = report(period, from, to);
        String name = "meldeweg-statistik-" + report.period().name().toLowerCase(Locale.ROOT) + "-" + report.from() + "-" + report.to() + ".csv";
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .body(csv(report).getBytes(StandardCharsets.UTF_8));
    }

    /** The export is counted at the request, every period of it (no snapshot): it has no place to say as of when. */
    private Statistics.Report report(String period, LocalDate from, LocalDate to) {
        Statistics.Period p = period(period);
        LocalDate[] range = range(p, from, to);
        return statistics.report(p, range[0], range[1]);
    }

    private static Statistics.Period period(String period) {
        return "WEEK".equalsIgnoreCase(period) ? Statistics.Period.WEEK : Statistics.Period.MONTH;
    }

    private LocalDate[] range(Statistics.Period p, LocalDate from, LocalDate to) {
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        LocalDate end = to == null ? today : to;
        LocalDate start = from == null ? (p == Statistics.Period.MONTH ? end.minusMonths(11).withDayOfMonth(1) : end.minusWeeks(12)) : from;
        if (start.isAfter(end) || start.isBefore(end.minusYears(5))) {
            start = end.minusMonths(11).withDayOfMonth(1);
        }
        return new LocalDate[] {start, end};
    }

    /** Semicolon-separated with a byte order mark, as spreadsheet programs in Germany open it; decimals with a point. */
    static String csv(Statistics.Report report) {
        StringBuilder out = new StringBuilder("\uFEFF");
        List<String> head = new ArrayList<>(List.of("zeitraum", "beginn", "meldungen", "dringend", "zurueckgehalten",
                "weiterleitung_median_h", "weiterleitung_p90_h", "erste_antwort_median_h", "erste_antwort_p90_h",
                "abschluss_median_h", "abschluss_p90_h", "beantwortet_in_3_arbeitstagen_prozent"));
        report.categories().forEach(c -> head.add("kategorie_" + c));
        report.departments().forEach(d -> head.add("abteilung_" + d));
        out.append(String.join(";", head)).append("\r\n");
        for (Statistics.Row r : report.rows()) {
            List<String> cells = new ArrayList<>(List.of(r.label(), r.start().toString(), String.valueOf(r.reports()), String.valueOf(r.urgent()),
                    String.valueOf(r.held()), n(r.forwardMedian()), n(r.forwardP90()), n(r.answerMedian()), n(r.answerP90()),
                    n(r.closeMedian()), n(r.closeP90()), n(r.answeredInTimeShare())));
            report.categories().forEach(c -> cells.add(String.valueOf(r.byCategory().getOrDefault(c, 0))));
            report.departments().forEach(d -> cells.add(String.valueOf(r.byDepartment().getOrDefault(d, 0))));
            out.append(String.join(";", cells)).append("\r\n");
        }
        return out.toString();
    }

    private static String n(Double value) {
        return value == null ? "" : value.toString();
    }

    private static Map<String, Object> chartData(Statistics.Report report) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("labels", report.rows().stream().map(Statistics.Row::shownLabel).toList());
        Map<String, List<Integer>> byCategory = new LinkedHashMap<>();
        report.categories().forEach(c -> byCategory.put(c, report.rows().stream().map(r -> r.byCategory().getOrDefault(c, 0)).toList()));
        data.put("byCategory", byCategory);
        data.put("forwardMedian", report.rows().stream().map(Statistics.Row::forwardMedian).toList());
        data.put("answerMedian", report.rows().stream().map(Statistics.Row::answerMedian).toList());
        data.put("closeMedian", report.rows().stream().map(Statistics.Row::closeMedian).toList());
        data.put("answeredInTime", report.rows().stream().map(Statistics.Row::answeredInTimeShare).toList());
        return data;
    }
}
