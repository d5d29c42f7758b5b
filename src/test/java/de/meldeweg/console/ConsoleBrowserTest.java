package de.meldeweg.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MeldewegTestBase;
import de.meldeweg.support.Payloads;

/**
 * The operator console in a real browser (headless Chromium), as the complaint office and an
 * integration admin use it: local sign-in, sign-in through a real OpenID provider, a role that is
 * refused, review release and discard, dead-letter retry, case re-route, stopping and starting a
 * route. Every page visited passes axe-core without a serious or critical violation. One service,
 * one provider, one browser for all flows; reports arrive as signed webhooks.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest extends MeldewegTestBase {

    static final String PASSWORD = "Konsole-Test-2026";
    static final String ADMIN_TOKEN = "admin-token-0123456789";
    static final String VIEWER_TOKEN = "viewer-token-0123456789";
    private static ConfigurableApplicationContext provider;
    @RegisterExtension
    static final BrowserExtension BROWSER = new BrowserExtension();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        provider = CityIdentityProvider.start();
        String hash = new BCryptPasswordEncoder(4).encode(PASSWORD);
        String[][] accounts = {{"leitung", "ADMIN"}, {"beschwerde", "REVIEW"}, {"lesen", "VIEWER"}};
        for (int i = 0; i < accounts.length; i++) {
            String[] account = accounts[i];
            registry.add("meldeweg.console.accounts[" + i + "].username", () -> account[0]);
            registry.add("meldeweg.console.accounts[" + i + "].password-hash", () -> hash);
            registry.add("meldeweg.console.accounts[" + i + "].role", () -> account[1]);
        }
        registry.add("spring.security.oauth2.client.registration.stadt.client-id", () -> CityIdentityProvider.CLIENT_ID);
        registry.add("spring.security.oauth2.client.registration.stadt.client-secret", () -> CityIdentityProvider.CLIENT_SECRET);
        registry.add("spring.security.oauth2.client.registration.stadt.client-name", () -> "Stadt Calw (Test)");
        registry.add("spring.security.oauth2.client.registration.stadt.scope", () -> "openid,profile");
        registry.add("spring.security.oauth2.client.provider.stadt.issuer-uri", () -> CityIdentityProvider.issuer(provider));
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:console;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("meldeweg.admin.token", () -> ADMIN_TOKEN);
        registry.add("meldeweg.admin.viewer-token", () -> VIEWER_TOKEN);
        registry.add("meldeweg.case.grouping-window", () -> "PT1S");
        registry.add("meldeweg.case.assembly-interval", () -> "200");
        registry.add("meldeweg.delivery.interval", () -> "200");
        registry.add("meldeweg.safety.review-mailbox", () -> "pruefung@stadt-calw.example");
    }

    @AfterAll
    static void stopProvider() throws Exception {
        if (provider != null) {
            provider.close();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void signIn(String user) {
        BROWSER.get().signIn(url(""), user, PASSWORD);
        BROWSER.get().find("#main h1");
    }

    private String report(String phone, String text) {
        assertThat(webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Erika Beispiel",
                Payloads.text(phone, Payloads.newWamid(), text))).statusCode()).isEqualTo(200);
        long citizen = await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForList(
                "SELECT id FROM citizen WHERE phone_hash = ?", Long.class, citizens.phoneHash(phone)), l -> !l.isEmpty()).get(0);
        return await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForList(
                "SELECT reference FROM report_case WHERE citizen_id = ? AND state <> 'ASSEMBLED'", String.class, citizen), l -> !l.isEmpty()).get(0);
    }

    private String state(String reference) {
        return jdbc.queryForObject("SELECT state FROM report_case WHERE reference = ?", String.class, reference);
    }

    @Test
    @Order(1)
    void localSignInLeadsToTheOverviewWithASecureSession() throws Exception {
        BROWSER.get().open(url("/console"));
        assertThat(BROWSER.get().driver().getCurrentUrl()).endsWith("/console/login");
        BROWSER.get().assertAccessible();
        BROWSER.get().screenshot("login");

        BROWSER.get().find("#username").sendKeys("leitung");
        BROWSER.get().find("#password").sendKeys("falsch");
        BROWSER.get().find("#sign-in").click();
        assertThat(BROWSER.get().find("[role=alert]").getText()).contains("Anmeldung fehlgeschlagen");

        // By keyboard: the skip link comes first, then the fields; Enter signs in.
        BROWSER.get().find("#username").sendKeys("leitung", Keys.TAB, PASSWORD, Keys.ENTER);
        assertThat(BROWSER.get().find("#main h1").getText()).isEqualTo("Übersicht");
        Cookie session = BROWSER.get().driver().manage().getCookieNamed("JSESSIONID");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.isSecure()).isTrue();
        assertThat(BROWSER.get().text()).contains("leitung (Administration)").contains("Heute").contains("Angebundene Systeme");
        BROWSER.get().assertAccessible();
        BROWSER.get().screenshot("overview");
        assertThat(count("SELECT COUNT(*) FROM console_audit WHERE actor = 'leitung' AND action = 'ANMELDUNG_ABGELEHNT'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM console_audit WHERE actor = 'leitung' AND action = 'ANMELDUNG'")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aViewerSeesCasesButIsRefusedTheReviewQueueAndEveryAction() throws Exception {
        String reference = report("4915112340101", "Die Straßenlaterne in der Bahnhofstraße 12 ist seit gestern aus");
        signIn("lesen");
        assertThat(BROWSER.get().all("a[href='/console/review']")).isEmpty();
        BROWSER.get().open(url("/console/review"));
        assertThat(BROWSER.get().find("#main h1").getText()).isEqualTo("Kein Zugriff");
        BROWSER.get().assertAccessible();
        BROWSER.get().open(url("/console/cases/" + reference));
        assertThat(BROWSER.get().find("#case-reference").getText()).isEqualTo(reference);
        assertThat(BROWSER.get().all("#reroute-form")).isEmpty();
        assertThat(BROWSER.get().source()).doesNotContain("4915112340101").doesNotContain("Erika");

        // The admin API: the viewer's token reads, but does not decide; a wrong token is refused.
        HttpClient http = HttpClient.newHttpClient();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url("/admin/dead-letters"))).header("Authorization", "Bearer " + VIEWER_TOKEN)
                .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url("/admin/review?discard=" + reference)))
                .header("Authorization", "Bearer " + VIEWER_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url("/admin/review"))).header("Authorization", "Bearer not-a-token-at-all")
                .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(count("SELECT COUNT(*) FROM console_audit WHERE action = 'ANMELDUNG_ABGELEHNT' AND detail = 'GET /admin/review'")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void theComplaintOfficeReleasesOneHeldReportAndDiscardsAnother() throws Exception {
        String released = report("4915112340201", "Der Müllcontainer am Marktplatz quillt über, der Hausmeister ist ein Arschloch");
        String discarded = report("4915112340202", "Ihr seid alle Arschloch und Wichser");
        assertThat(state(released)).isEqualTo("REVIEW");
        signIn("beschwerde");
        BROWSER.get().open(url("/console/review"));
        assertThat(BROWSER.get().text()).contains(released).contains(discarded).contains("Müllcontainer").doesNotContain("4915112340201");
        BROWSER.get().assertAccessible();
        BROWSER.get().screenshot("review");

        BROWSER.get().find("#reason-" + released).sendKeys("Sachlicher Kern: überfüllter Container");
        BROWSER.get().find("#decide-" + released).click();
        assertThat(BROWSER.get().textOnceItHas("#notice", released, "wird weitergeleitet")).contains(released).contains("wird weitergeleitet");
        BROWSER.get().find("#discard-" + discarded).click();
        BROWSER.get().find("#reason-" + discarded).sendKeys("Nur Beleidigung, keine Meldung");
        BROWSER.get().find("#decide-" + discarded).click();
        assertThat(BROWSER.get().textOnceItHas("#notice", discarded, "verworfen")).contains(discarded).contains("verworfen");

        await().atMost(Duration.ofSeconds(15)).until(() -> state(released).equals("FORWARDED"));
        assertThat(state(discarded)).isEqualTo("CLOSED");
        assertThat(jdbc.queryForList("SELECT action || ' ' || case_reference || ' ' || actor || ' ' || detail FROM console_audit "
                + "WHERE action IN ('FREIGEBEN', 'VERWERFEN') ORDER BY id", String.class)).containsExactly(
                "FREIGEBEN " + released + " beschwerde Sachlicher Kern: überfüllter Container",
                "VERWERFEN " + discarded + " beschwerde Nur Beleidigung, keine Meldung");
        BROWSER.get().open(url("/console/review"));
        assertThat(BROWSER.get().find("#review-empty").getText()).contains("Keine Meldung");
    }

    @Test
    @Order(4)
    void anAdminRetriesADeadLetterAndItIsDelivered() throws Exception {
        String reference = report("4915112340301", "Schlagloch in der Lederstraße vor Hausnummer 5, sehr tief");
        await().atMost(Duration.ofSeconds(15)).until(() -> state(reference).equals("FORWARDED"));
        // The ticket system gave up on this case (as after ten failed attempts).
        jdbc.update("UPDATE delivery SET state = 'DEAD', attempts = 10, last_error = 'HttpHostConnectException: Connect to ticket.stadt.example:443 "
                + "failed' WHERE channel = 'TICKET' AND case_id = (SELECT id FROM report_case WHERE reference = ?)", reference);
        signIn("leitung");
        BROWSER.get().open(url("/console/dead-letters"));
        assertThat(BROWSER.get().text()).contains(reference).contains("HttpHostConnectException");
        BROWSER.get().assertAccessible();
        BROWSER.get().screenshot("dead-letters");
        BROWSER.get().find("#dead-letters input[type=checkbox]").click();
        BROWSER.get().find("#dead-retry").click();
        assertThat(BROWSER.get().textOnceItHas("#notice", "1 Zustellungen werden erneut versucht")).contains("1 Zustellungen werden erneut versucht");
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForObject("SELECT d.state FROM delivery d JOIN report_case c ON c.id = d.case_id "
                + "WHERE c.reference = ? AND d.channel = 'TICKET'", String.class, reference).equals("DELIVERED"));
        BROWSER.get().open(url("/console/dead-letters"));
        assertThat(BROWSER.get().find("#dead-empty").getText()).contains("Keine");
    }

    @Test
    @Order(5)
    void anAdminReroutesAForwardedCaseToAnotherDepartment() throws Exception {
        String reference = report("4915112340401", "Die Straßenlaterne in der Bahnhofstraße 12 ist seit gestern aus");
        await().atMost(Duration.ofSeconds(15)).until(() -> state(reference).equals("FORWARDED"));
        String before = jdbc.queryForObject("SELECT department_name FROM report_case WHERE reference = ?", String.class, reference);
        signIn("leitung");
        BROWSER.get().open(url("/console/cases?reference=" + reference));
        BROWSER.get().find("#case-table a").click();
        assertThat(BROWSER.get().find("#case-department").getText()).isEqualTo(before);
        assertThat(BROWSER.get().text()).contains("Meldung (pseudonymisiert)").contains("Straßenlaterne").contains("Per E-Mail weitergeleitet");
        BROWSER.get().assertAccessible();
        BROWSER.get().screenshot("case");

        new Select(BROWSER.get().find("#reroute-category")).selectByValue("SAUBERKEIT");
        BROWSER.get().find("#reroute-reason").sendKeys("Laterne gehört zum Bauhof-Gelände");
        BROWSER.get().find("#reroute").click();
        assertThat(BROWSER.get().textOnceItHas("#notice", "wird an das gewählte Fachamt weitergeleitet")).contains("wird an das gewählte Fachamt weitergeleitet");
        String after = BROWSER.get().find("#case-department").getText();
        assertThat(after).isNotEqualTo(before);
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM delivery d JOIN report_case c ON c.id = d.case_id "
                + "WHERE c.reference = ? AND d.state = 'DELIVERED'", Integer.class, reference) == 2);
        assertThat(state(reference)).isEqualTo("FORWARDED");
        assertThat(count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'RECEIPT'")).as("no second receipt").isEqualTo(1);
        BROWSER.get().open(url("/console/cases/" + reference));
        assertThat(BROWSER.get().text()).contains("umgeleitet").contains("Laterne gehört zum Bauhof-Gelände");
        BROWSER.get().open(url("/console/cases"));
        BROWSER.get().assertAccessible();
        BROWSER.get().screenshot("cases");
    }

    @Test
    @Order(6)
    void anAdminStopsAndStartsARouteOnTheRoutesPage() throws Exception {
        signIn("leitung");
        BROWSER.get().open(url("/console/routes"));
        BROWSER.get().assertAccessible();
        BROWSER.get().screenshot("routes");
        assertThat(BROWSER.get().find("#route-ops-metrics .route-state").getText()).isEqualTo("läuft");
        BROWSER.get().find("#stop-ops-metrics").click();
        assertThat(BROWSER.get().textOnceItHas("#notice", "ops-metrics ist gestoppt")).contains("ops-metrics ist gestoppt");
        assertThat(BROWSER.get().textOnceItHas("#route-ops-metrics .route-state", "gestoppt")).isEqualTo("gestoppt");
        BROWSER.get().find("#start-ops-metrics").click();
        assertThat(BROWSER.get().textOnceItHas("#route-ops-metrics .route-state", "läuft")).isEqualTo("läuft");
        BROWSER.get().open(url("/console/audit"));
        assertThat(BROWSER.get().text()).contains("Route gestoppt").contains("Route gestartet");
        BROWSER.get().assertAccessible();
        BROWSER.get().open(url("/console/erasures"));
        BROWSER.get().find("#phone").sendKeys("+49 151 12340999");
        BROWSER.get().find("#lookup").click();
        // the lookup is a form: read the page the answer brings, not the one that is going
        assertThat(BROWSER.get().textOnceItHas("body", "0 Einträge für diese Nummer")).contains("0 Einträge für diese Nummer");
        assertThat(BROWSER.get().driver().getCurrentUrl()).doesNotContain("151");
        BROWSER.get().assertAccessible();
    }

    @Test
    @Order(7)
    void signInThroughTheCitysOpenIdProviderGivesTheMappedRoleAndRefusesAnUnmappedUser() throws Exception {
        for (String user : new String[] {"fremd", "amt-admin"}) {
            // Signed out at the provider too (its session cookie lives on its own host).
            BROWSER.get().open(CityIdentityProvider.issuer(provider) + "/.well-known/openid-configuration");
            BROWSER.get().driver().manage().deleteAllCookies();
            BROWSER.get().open(url("/console/login"));
            BROWSER.get().driver().manage().deleteAllCookies();
            BROWSER.get().open(url("/console/login"));
            BROWSER.get().find("#oidc-stadt").click();
            // Spring Authorization Server's own sign-in page
            BROWSER.get().find("input[name=username]").sendKeys(user);
            BROWSER.get().find("input[name=password]").sendKeys(CityIdentityProvider.PASSWORD, Keys.ENTER);
            if (user.equals("fremd")) {
                assertThat(BROWSER.get().find("[role=alert]").getText()).contains("Anmeldung fehlgeschlagen");
                assertThat(BROWSER.get().driver().getCurrentUrl()).startsWith(url("/console/login"));
            }
        }
        assertThat(BROWSER.get().find("#main h1").getText()).isEqualTo("Übersicht");
        assertThat(BROWSER.get().text()).contains("amt-admin (Administration)");
        BROWSER.get().open(url("/console/routes"));
        assertThat(BROWSER.get().find("#main h1").getText()).isEqualTo("Routen");
        assertThat(count("SELECT COUNT(*) FROM console_audit WHERE actor = 'amt-admin' AND role = 'ADMIN' AND action = 'ANMELDUNG'")).isEqualTo(1);
    }
}
