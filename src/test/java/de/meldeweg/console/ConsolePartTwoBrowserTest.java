package de.meldeweg.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import de.meldeweg.console.statistics.DemoStatistics;

/**
 * The directory editor's test box and the statistics page in a real browser (headless Chromium):
 * the test box answers for a typed text and an unsaved edit, the statistics charts are drawn by
 * Chart.js from seeded data with the numbers in the tables, a department's e-mail edited and saved
 * in the form is written and taken up by the running service, and the pages pass axe-core.
 */
class ConsolePartTwoBrowserTest extends PartTwoContext {

    @RegisterExtension
    static final BrowserExtension BROWSER = new BrowserExtension();

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void signIn(String user) {
        BROWSER.get().signIn(url(""), user, ConsoleSession.PASSWORD);
        BROWSER.get().find("#main h1");
    }

    @Test
    void theTestBoxAndTheStatisticsInABrowser() throws Exception {
        signIn("leitung");
        BROWSER.get().open(url("/console/directory"));
        BROWSER.get().assertAccessible();
        BROWSER.get().find("#cat-words-0");
        BROWSER.get().find("#message").sendKeys("Die Straßenlaterne vor dem Rathaus ist kaputt");
        BROWSER.get().find("#test-button").click();
        BROWSER.get().find("#test-result");
        assertThat(BROWSER.get().find("#now-category").getText()).startsWith("BELEUCHTUNG");
        assertThat(BROWSER.get().find("#draft-category").getText()).startsWith("BELEUCHTUNG");
        assertThat(BROWSER.get().find("#test-urgent").getText()).contains("nein");
        BROWSER.get().assertAccessible();
        BROWSER.get().screenshot("directory");

        jdbc.update("DELETE FROM case_statistics_case");
        DemoStatistics.seed(jdbc, LocalDate.now().minusDays(1), 6, 11);
        signIn("lesen");
        BROWSER.get().open(url("/console/statistics"));
        new WebDriverWait(BROWSER.get().driver(), Duration.ofSeconds(10))
                .until(d -> "drawn".equals(d.findElement(By.tagName("body")).getAttribute("data-charts")));
        assertThat(BROWSER.get().find("#statistics-categories").getText()).contains("Winterdienst");
        assertThat(BROWSER.get().all("#statistics-times tbody tr")).hasSizeGreaterThanOrEqualTo(12);
        Object bars = ((org.openqa.selenium.JavascriptExecutor) BROWSER.get().driver())
                .executeScript("return window.meldewegCharts[0].data.datasets.length");
        assertThat(((Number) bars).intValue()).isEqualTo(10);
        BROWSER.get().assertAccessible();
        BROWSER.get().screenshot("statistics");
        assertThat(BROWSER.get().all("a[href='/console/directory']")).isEmpty();
    }

    @Test
    void anAdminChangesADepartmentsAddressInTheBrowserAndTheServiceUsesIt() throws Exception {
        signIn("leitung");
        BROWSER.get().open(url("/console/directory"));
        WebElement email = BROWSER.get().find("input[type=email][aria-label$=' tiefbauamt']");
        assertThat(email.getAttribute("value")).isEqualTo("tiefbauamt@stadt-calw.example");
        email.clear();
        email.sendKeys("strassen-und-tiefbau@stadt-calw.example");
        BROWSER.get().find("#save-button").click();
        assertThat(BROWSER.get().textOnceItHas("#notice", "Gespeichert")).contains("Gespeichert");
        assertThat(Files.readString(DIRECTORY.resolve("departments.yaml"))).contains("email: \"strassen-und-tiefbau@stadt-calw.example\"")
                .doesNotContain("email: \"tiefbauamt@stadt-calw.example\"");
        BROWSER.get().assertAccessible();

        // The running service picks the file up (route directory-load): the test box's "now" column routes there.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).ignoreException(StaleElementReferenceException.class).until(() -> {
            WebElement message = BROWSER.get().find("#message");
            message.clear();
            message.sendKeys("Tiefes Schlagloch in der Lederstraße vor Nr. 5");
            BROWSER.get().find("#test-button").click();
            return BROWSER.get().find("#now-department").getText();
        }, now -> now.contains("strassen-und-tiefbau@stadt-calw.example"));
        assertThat(BROWSER.get().find("#now-category").getText()).startsWith("STRASSE");
        assertThat(jdbc.queryForList("SELECT action FROM console_audit", String.class)).contains("VERZEICHNIS_GESPEICHERT");
    }
}
