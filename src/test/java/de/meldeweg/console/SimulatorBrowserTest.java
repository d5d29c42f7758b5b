package de.meldeweg.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

import de.meldeweg.console.simulator.SimulatorContext;

/**
 * The citizen simulator in a real browser (headless Chromium, development mode): a text sent from
 * the chat page comes back as the privacy notice and the receipt with its reference and a link to
 * the case page, refreshed by htmx; a photo is attached through the file field; the page passes
 * axe-core empty and with the conversation. Shares its context with {@code SimulatorConversationTest}.
 */
class SimulatorBrowserTest extends SimulatorContext {

    @RegisterExtension
    static final BrowserExtension BROWSER = new BrowserExtension();

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void awaitText(String text) {
        // the page is replaced after a send: a body found just before that is stale, look again
        new WebDriverWait(BROWSER.get().driver(), Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class).until(d -> d.findElement(By.tagName("body")).getText().contains(text));
    }

    @Test
    void aCitizenWritesAndSeesTheReceiptAndSendsAPhoto() throws Exception {
        BROWSER.get().signIn(url(""), "lesen", ConsoleSession.PASSWORD);
        BROWSER.get().find("#main h1");
        BROWSER.get().open(url("/console/simulator"));
        BROWSER.get().find("#clear").click();
        BROWSER.get().find("#compose");
        BROWSER.get().assertAccessible();

        BROWSER.get().find("#text").sendKeys("Die Ampel an der Kreuzung Marktplatz ist seit heute morgen aus");
        BROWSER.get().find("#send").click();
        // htmx brings the service's answers into the open page.
        awaitText("Ihre Vorgangsnummer ist");
        String reference = jdbc.queryForObject("SELECT reference FROM report_case", String.class);
        assertThat(BROWSER.get().text()).contains("Die Ampel an der Kreuzung Marktplatz").contains("Ihre Vorgangsnummer ist " + reference);
        assertThat(BROWSER.get().find("a.case-link").getText()).isEqualTo(reference);
        assertThat(BROWSER.get().all("li.bubble.city")).isNotEmpty();

        Path file = Files.createTempFile("simulator-photo", ".jpg");
        try {
            Files.write(file, photo());
            BROWSER.get().find("#photo").sendKeys(file.toAbsolutePath().toString());
            BROWSER.get().find("#caption").sendKeys("So sieht die Ampel aus");
            BROWSER.get().find("#send-photo").click();
            awaitText("📷 So sieht die Ampel aus");
        } finally {
            Files.deleteIfExists(file);
        }
        assertThat(BROWSER.get().all("#notice.error")).isEmpty();
        BROWSER.get().assertAccessible();
        BROWSER.get().screenshot("simulator");
    }
}
