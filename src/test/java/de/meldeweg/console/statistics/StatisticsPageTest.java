package de.meldeweg.console.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.meldeweg.console.ConsoleSession;
import de.meldeweg.console.PartTwoContext;

/**
 * The statistics page as a VIEWER sees it: figures per month from known anonymous rows (counts,
 * median and 90th percentile, share answered in three working days) in the table and the CSV
 * export; a year of data for ten categories, with the time the page takes printed.
 */
class StatisticsPageTest extends PartTwoContext {

    @org.springframework.beans.factory.annotation.Autowired
    private StatisticsSnapshot snapshot;
    @org.springframework.beans.factory.annotation.Autowired
    private java.time.ZoneId zone;

    @BeforeEach
    void emptyStatistics() {
        jdbc.update("DELETE FROM case_statistics_case");
    }

    private void row(String day, String code, String dept, boolean urgent, boolean held, Integer forward, Integer answer, Integer close,
                     boolean inTime) {
        jdbc.update("INSERT INTO case_statistics_case (report_day, category_code, dept_key, urgent, held, forward_minutes, answer_minutes, "
                + "close_minutes, answered_in_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", Date.valueOf(day), code, dept, urgent, held, forward,
                answer, close, inTime);
    }

    @Test
    void aMonthsFiguresInTheTableAndTheCsv() {
        row("2025-03-03", "STRASSE", "tiefbauamt", true, false, 10, 60, 600, true);
        row("2025-03-04", "STRASSE", "tiefbauamt", false, false, 20, 120, 1200, true);
        row("2025-03-20", "GRUEN", "gruenflaechen", false, false, 30, 6000, null, false);
        row("2025-03-31", "GRUEN", "gruenflaechen", false, true, 600, null, null, false);
        row("2025-04-01", "GRUEN", "gruenflaechen", false, false, 5, null, null, false);

        ConsoleSession viewer = ConsoleSession.signIn(port, "lesen");
        String page = viewer.get("/console/statistics?period=MONTH&from=2025-03-01&to=2025-03-31").body();
        assertThat(page).contains("id=\"statistics-times\"").contains("id=\"chart-categories\"").contains("chart.umd.js");
        String march = page.substring(page.indexOf("<th scope=\"row\">03/2025</th>"));
        march = march.substring(0, march.indexOf("</tr>"));
        assertThat(cells(march)).containsExactly("4", "1", "1", "0,3", "10,0", "2,0", "100,0", "10,0", "20,0", "50,0 %");
        for (String table : List.of("statistics-categories", "statistics-departments")) {
            String counts = page.substring(page.indexOf("id=\"" + table + "\""));
            counts = counts.substring(counts.indexOf("<th scope=\"row\">03/2025</th>"));
            assertThat(cells(counts.substring(0, counts.indexOf("</tr>")))).as(table + ": " + counts.substring(0, counts.indexOf("</tr>"))).containsExactly("2", "2");
        }
        assertThat(page).contains("aria-labelledby=\"categories-heading\"").contains("<h2 id=\"departments-heading\">");

        HttpResponse<String> csv = viewer.get("/console/statistics/export.csv?period=MONTH&from=2025-03-01&to=2025-03-31");
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("\uFEFFzeitraum;beginn;meldungen;dringend;zurueckgehalten;weiterleitung_median_h")
                .endsWith("kategorie_GRUEN;kategorie_STRASSE;abteilung_gruenflaechen;abteilung_tiefbauamt");
        assertThat(lines.get(1)).isEqualTo("2025-03;2025-03-01;4;1;1;0.3;10.0;2.0;100.0;10.0;20.0;50.0;2;2;2;2");
        assertThat(lines).hasSize(2);

        String weeks = viewer.get("/console/statistics?period=WEEK&from=2025-03-01&to=2025-03-31").body();
        assertThat(weeks).contains("KW 10/2025").contains("KW 14/2025");
    }

    @Test
    void aYearOfTenCategoriesRendersQuickly() {
        LocalDate last = LocalDate.now().minusDays(1);
        int rows = DemoStatistics.seed(jdbc, last, 30, 42);
        ConsoleSession viewer = ConsoleSession.signIn(port, "lesen");
        String page = viewer.get("/console/statistics").body();
        assertThat(page).contains("WINTERDIENST").contains("LOB_ANREGUNG");
        long[] millis = new long[5];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            assertThat(viewer.get("/console/statistics").statusCode()).isEqualTo(200);
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(millis);
        org.slf4j.LoggerFactory.getLogger(StatisticsPageTest.class).info(
                "Statistics page, a year of {} anonymous rows in 10 categories: median {} ms, slowest {} ms of {} requests (target < 300 ms)",
                rows, millis[millis.length / 2], millis[millis.length - 1], millis.length);
    }

    @Test
    void theMonthsOverComeFromTheCountWithItsTimeTheCsvIsCountedNow() {
        LocalDate today = LocalDate.now(zone);
        LocalDate past = today.withDayOfMonth(1).minusMonths(2);
        String label = String.format("%04d-%02d", past.getYear(), past.getMonthValue());
        String shown = String.format("%02d/%04d", past.getMonthValue(), past.getYear());
        row(past.plusDays(9).toString(), "STRASSE", "tiefbauamt", false, false, 10, 60, 600, true);
        row(today.toString(), "GRUEN", "gruenflaechen", false, false, 5, null, null, false);
        try {
            snapshot.refresh();
            ConsoleSession viewer = ConsoleSession.signIn(port, "lesen");
            String page = viewer.get("/console/statistics").body();
            assertThat(page).contains("id=\"statistics-as-of\"").contains("Stand " + java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy")
                    .format(today)).contains("soeben gezählt: " + String.format("%02d/%04d", today.getMonthValue(), today.getYear()));
            assertThat(reports(page, shown)).isEqualTo("1");

            // a case of that month counted after the snapshot: the page keeps the count until the next one, the CSV has it
            row(past.plusDays(10).toString(), "STRASSE", "tiefbauamt", false, false, 20, 120, 1200, true);
            assertThat(reports(viewer.get("/console/statistics").body(), shown)).isEqualTo("1");
            assertThat(viewer.get("/console/statistics/export.csv").body().lines()).anyMatch(l -> l.startsWith(label + ";" + past + ";2;"));
            snapshot.refresh();
            assertThat(reports(viewer.get("/console/statistics").body(), shown)).isEqualTo("2");
        } finally {
            snapshot.forget();
        }
    }

    private static String reports(String page, String label) {
        String row = page.substring(page.indexOf("<th scope=\"row\">" + label + "</th>"));
        return cells(row.substring(0, row.indexOf("</tr>"))).get(0);
    }

    private static List<String> cells(String row) {
        List<String> out = new ArrayList<>();
        for (String part : row.split("<td>")) {
            if (part.contains("</td>")) {
                out.add(part.substring(0, part.indexOf("</td>")).strip());
            }
        }
        return out;
    }
}
