package de.meldeweg.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import de.meldeweg.console.simulator.SimulatorContext;

/**
 * The citizen simulator in a real browser (headless Chromium, development mode): a text sent from
 * the chat page comes back as the privacy notice and the receipt with its reference and a link to
 * the case page, refreshed by htmx; a photo is attached through the file field; the page passes
 * axe-core empty and with the conversation. Shares its context with {@code SimulatorConversationTest}.
 */
class SimulatorBrowserTest extends SimulatorContext {

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

    private void awaitText(String text) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(d -> d.findElement(By.tagName("body")).getText().contains(text));
    }

    @Test
    void aCitizenWritesAndSeesTheReceiptAndSendsAPhoto() throws Exception {
        browser.signIn(url(""), "lesen", ConsoleSession.PASSWORD);
        browser.find("#main h1");
        browser.open(url("/console/simulator"));
        browser.find("#clear").click();
        browser.find("#compose");
        browser.assertAccessible();

        browser.find("#text").sendKeys("Die Ampel an der Kreuzung Marktplatz ist seit heute morgen aus");
        browser.find("#send").click();
        // htmx brings the service's answers into the open page.
        awaitText("Ihre Vorgangsnummer ist");
        String reference = jdbc.queryForObject("SELECT reference FROM report_case", String.class);
        assertThat(browser.text()).contains("Die Ampel an der Kreuzung Marktplatz").contains("Ihre Vorgangsnummer ist " + reference);
        assertThat(browser.find("a.case-link").getText()).isEqualTo(reference);
        assertThat(browser.all("li.bubble.city")).isNotEmpty();

        Path file = Files.createTempFile("simulator-photo", ".jpg");
        try {
            Files.write(file, photo());
            browser.find("#photo").sendKeys(file.toAbsolutePath().toString());
            browser.find("#caption").sendKeys("So sieht die Ampel aus");
            browser.find("#send-photo").click();
            awaitText("📷 So sieht die Ampel aus");
        } finally {
            Files.deleteIfExists(file);
        }
        assertThat(browser.all("#notice.error")).isEmpty();
        browser.assertAccessible();
        browser.screenshot("simulator");
    }
}
