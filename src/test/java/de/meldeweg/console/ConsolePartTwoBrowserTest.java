package de.meldeweg.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
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

    private static Browser browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = new Browser();
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void signIn(String user) {
        browser.signIn(url(""), user, ConsoleSession.PASSWORD);
        browser.find("#main h1");
    }

    @Test
    void theTestBoxAndTheStatisticsInABrowser() throws Exception {
        signIn("leitung");
        browser.open(url("/console/directory"));
        browser.assertAccessible();
        browser.find("#cat-words-0");
        browser.find("#message").sendKeys("Die Straßenlaterne vor dem Rathaus ist kaputt");
        browser.find("#test-button").click();
        browser.find("#test-result");
        assertThat(browser.find("#now-category").getText()).startsWith("BELEUCHTUNG");
        assertThat(browser.find("#draft-category").getText()).startsWith("BELEUCHTUNG");
        assertThat(browser.find("#test-urgent").getText()).contains("nein");
        browser.assertAccessible();
        browser.screenshot("directory");

        jdbc.update("DELETE FROM case_statistics_case");
        DemoStatistics.seed(jdbc, LocalDate.now().minusDays(1), 6, 11);
        signIn("lesen");
        browser.open(url("/console/statistics"));
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                .until(d -> "drawn".equals(d.findElement(By.tagName("body")).getAttribute("data-charts")));
        assertThat(browser.find("#statistics-categories").getText()).contains("WINTERDIENST");
        assertThat(browser.all("#statistics-times tbody tr")).hasSizeGreaterThanOrEqualTo(12);
        Object bars = ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                .executeScript("return window.meldewegCharts[0].data.datasets.length");
        assertThat(((Number) bars).intValue()).isEqualTo(10);
        browser.assertAccessible();
        browser.screenshot("statistics");
        assertThat(browser.all("a[href='/console/directory']")).isEmpty();
    }

    @Test
    void anAdminChangesADepartmentsAddressInTheBrowserAndTheServiceUsesIt() throws Exception {
        signIn("leitung");
        browser.open(url("/console/directory"));
        WebElement email = browser.find("input[type=email][aria-label$=' tiefbauamt']");
        assertThat(email.getAttribute("value")).isEqualTo("tiefbauamt@stadt-calw.example");
        email.clear();
        email.sendKeys("strassen-und-tiefbau@stadt-calw.example");
        browser.find("#save-button").click();
        assertThat(browser.find("#notice").getText()).contains("Gespeichert");
        assertThat(Files.readString(DIRECTORY.resolve("departments.yaml"))).contains("email: \"strassen-und-tiefbau@stadt-calw.example\"")
                .doesNotContain("email: \"tiefbauamt@stadt-calw.example\"");
        browser.assertAccessible();

        // The running service picks the file up (route directory-load): the test box's "now" column routes there.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            WebElement message = browser.find("#message");
            message.clear();
            message.sendKeys("Tiefes Schlagloch in der Lederstraße vor Nr. 5");
            browser.find("#test-button").click();
            return browser.find("#now-department").getText();
        }, now -> now.contains("strassen-und-tiefbau@stadt-calw.example"));
        assertThat(browser.find("#now-category").getText()).startsWith("STRASSE");
        assertThat(jdbc.queryForList("SELECT action FROM console_audit", String.class)).contains("VERZEICHNIS_GESPEICHERT");
    }
}
