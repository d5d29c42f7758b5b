package de.meldeweg.console.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.meldeweg.console.ConsoleSession;
import de.meldeweg.support.MeldewegTestBase;

/**
 * The citizen simulator in the development mode, over HTTP as a browser without JavaScript uses
 * it: a report gets the privacy notice and the receipt with its reference and a link to the case
 * page, an emergency the numbers 110 and 112, a reaction is taken, and "Löschen" ends with the
 * confirmation; everything went through the real, signed webhook.
 */
@ActiveProfiles("dev")
class SimulatorConversationTest extends MeldewegTestBase {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:simulator;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("meldeweg.case.grouping-window", () -> "PT1S");
        registry.add("meldeweg.case.assembly-interval", () -> "200");
        registry.add("camel.main.routes-reload-enabled", () -> "false");
        ConsoleSession.accounts(registry);
    }

    @Test
    void aReportItsReceiptAnEmergencyAReactionAndLoeschen() {
        ConsoleSession staff = ConsoleSession.signIn(port, "lesen");
        assertThat(staff.get("/console").body()).contains("/console/simulator");
        assertThat(staff.submit("/console/simulator", "/console/simulator",
                Map.of("action", "text", "text", "Riesiges Schlagloch in der Bahnhofstraße vor Nr. 12")).statusCode()).isEqualTo(302);
        String page = await().atMost(Duration.ofSeconds(30)).until(() -> staff.get("/console/simulator").body(),
                p -> p.contains("Ihre Vorgangsnummer ist"));
        assertThat(page).contains("Riesiges Schlagloch in der Bahnhofstraße").contains("Willkommen beim WhatsApp-Meldekanal")
                .containsPattern("href=\"/console/cases/[A-Z]{1,5}-\\d{4}-\\d+\"");
        String reference = jdbc.queryForObject("SELECT reference FROM report_case", String.class);
        assertThat(page).contains("Ihre Vorgangsnummer ist " + reference);
        assertThat(staff.get("/console/cases/" + reference).statusCode()).isEqualTo(200);
        // Only a correctly signed webhook is stored and read (a wrong signature is answered 401 and dropped).
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_event", Integer.class)).isEqualTo(1);
        assertThat(page).doesNotContain("Der Webhook hat mit HTTP");

        staff.submit("/console/simulator", "/console/simulator", Map.of("action", "emergency"));
        await().atMost(Duration.ofSeconds(30)).until(() -> staff.get("/console/simulator").body(), p -> p.contains("112 (Feuerwehr"));

        String chat = staff.get("/console/simulator/chat").body();
        String to = chat.substring(chat.indexOf("name=\"to\" value=\"") + 17);
        to = to.substring(0, to.indexOf('"'));
        assertThat(staff.submit("/console/simulator", "/console/simulator", Map.of("action", "react", "to", to)).statusCode()).isEqualTo(302);
        assertThat(staff.get("/console/simulator").body()).contains("<span class=\"bubble-text\">👍</span>").doesNotContain("Der Webhook hat mit HTTP");

        staff.submit("/console/simulator", "/console/simulator", Map.of("action", "erase"));
        await().atMost(Duration.ofSeconds(30)).until(() -> staff.get("/console/simulator").body(), p -> p.contains("Ihre Daten sind gelöscht"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM citizen", Integer.class)).isZero();
    }
}
