package de.meldeweg.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MeldewegTestBase;
import de.meldeweg.support.Payloads;

/**
 * What a clerk reads on the console's pages, checked over HTTP as the browser gets them (no browser
 * needed): errors in German instead of Spring's English "Whitelabel Error Page"; stored codes
 * (DELIVERED, UP, SCHLIESSEN, ADMIN) shown as German words; an ended session leading to the sign-in
 * page saying so, also for a form sent with the ended session's token and for the overview's htmx
 * poll; an action without a reason refused with a message and nothing changed.
 */
class ConsolePagesTest extends MeldewegTestBase {

    private static final String PASSWORD = "Konsole-Seiten-2026";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String hash = new BCryptPasswordEncoder(4).encode(PASSWORD);
        String[][] accounts = {{"leitung", "ADMIN"}, {"lesen", "VIEWER"}};
        for (int i = 0; i < accounts.length; i++) {
            String[] account = accounts[i];
            registry.add("meldeweg.console.accounts[" + i + "].username", () -> account[0]);
            registry.add("meldeweg.console.accounts[" + i + "].password-hash", () -> hash);
            registry.add("meldeweg.console.accounts[" + i + "].role", () -> account[1]);
        }
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:console-pages;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("meldeweg.case.grouping-window", () -> "PT1S");
        registry.add("meldeweg.case.assembly-interval", () -> "200");
        registry.add("meldeweg.delivery.interval", () -> "200");
    }

    /** A browser's session: its cookie (kept by hand: the console's cookie is Secure, the test speaks plain HTTP). */
    private final class Session {
        String cookie;

        HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", "text/html");
            if (headers.length > 0) {
                request.headers(headers);
            }
            return send(request.GET());
        }

        HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", "text/html")
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst()
                    .ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
            return response;
        }

        /** The page's CSRF token, as its forms carry it. */
        String token(String path) throws IOException, InterruptedException {
            Matcher m = CSRF.matcher(get(path).body());
            assertThat(m.find()).as("a form with a CSRF token on " + path).isTrue();
            return m.group(1);
        }

        Session signIn(String user) throws IOException, InterruptedException {
            String token = token("/console/login");
            HttpResponse<String> signedIn = post("/console/login", "username=" + user + "&password=" + PASSWORD + "&_csrf=" + enc(token));
            assertThat(signedIn.statusCode()).isEqualTo(302);
            assertThat(signedIn.headers().firstValue("Location").orElseThrow()).doesNotContain("error").doesNotContain("?continue");
            return this;
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private String report(String phone, String text) {
        assertThat(webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Erika Beispiel",
                Payloads.text(phone, Payloads.newWamid(), text))).statusCode()).isEqualTo(200);
        return await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForList(
                "SELECT c.reference FROM report_case c JOIN delivery d ON d.case_id = c.id WHERE d.state = 'DELIVERED' AND d.channel = 'MAIL'",
                String.class), l -> !l.isEmpty()).get(0);
    }

    @Test
    void errorsAreGermanPagesNotWhitelabel() throws Exception {
        Session admin = new Session().signIn("leitung");
        HttpResponse<String> missing = admin.get("/console/cases/WK-2026-999999");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("Seite nicht gefunden").contains("lang=\"de\"").doesNotContain("Whitelabel");
        HttpResponse<String> noPage = admin.get("/console/gibt-es-nicht");
        assertThat(noPage.statusCode()).isEqualTo(404);
        assertThat(noPage.body()).contains("Seite nicht gefunden").doesNotContain("Whitelabel");
        HttpResponse<String> badDate = admin.get("/console/cases?from=05.12.2026");
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(badDate.body()).contains("Ungültige Eingabe").doesNotContain("Whitelabel").doesNotContain("Bad Request");
        HttpResponse<String> badPage = admin.get("/console/audit?page=zwei");
        assertThat(badPage.statusCode()).isEqualTo(400);
        assertThat(badPage.body()).contains("Ungültige Eingabe");
    }

    @Test
    void storedCodesReadAsGermanWordsAndAnActionNeedsAReason() throws Exception {
        String reference = report("4915112348801", "Die Straßenlaterne in der Bahnhofstraße 12 ist seit gestern aus");
        Session admin = new Session().signIn("leitung");
        assertThat(admin.get("/console").body()).contains("in Ordnung").doesNotContain(">UP<");

        String page = admin.get("/console/cases/" + reference).body();
        assertThat(page).contains(">E-Mail<").contains(">zugestellt<").doesNotContain(">DELIVERED<").doesNotContain(">MAIL<")
                .contains("id=\"close-reason\" name=\"reason\" type=\"text\" maxlength=\"500\" required");

        HttpResponse<String> noReason = admin.post("/console/cases/" + reference + "/close", "reason=+&_csrf=" + enc(admin.token("/console/cases/" + reference)));
        assertThat(noReason.statusCode()).isEqualTo(302);
        assertThat(admin.get("/console/cases/" + reference).body()).contains("Bitte eine Begründung angeben");
        assertThat(jdbc.queryForObject("SELECT state FROM report_case WHERE reference = ?", String.class, reference)).isEqualTo("FORWARDED");

        admin.post("/console/cases/" + reference + "/close", "reason=" + enc("erledigt vor Ort") + "&_csrf=" + enc(admin.token("/console/cases/" + reference)));
        String closed = admin.get("/console/cases/" + reference).body();
        assertThat(closed).contains("leitung: geschlossen – erledigt vor Ort").doesNotContain("SCHLIESSEN")
                .as("nothing left to do on a closed case").doesNotContain("id=\"h-actions\"");
        String audit = admin.get("/console/audit").body();
        assertThat(audit).contains(">geschlossen<").contains(">Administration<").contains(">Anmeldung<")
                .doesNotContain(">SCHLIESSEN<").doesNotContain(">ADMIN<").doesNotContain(">ANMELDUNG<");
        assertThat(admin.get("/console/routes").body()).contains(">läuft<").doesNotContain(">Started<");
        assertThat(page + closed + audit).doesNotContain("4915112348801").doesNotContain("Erika");

        jdbc.update("UPDATE delivery SET state = 'DEAD', last_error = 'SMTP 451' WHERE channel = 'MAIL' AND case_id = "
                + "(SELECT id FROM report_case WHERE reference = ?)", reference);
        String dead = admin.get("/console/dead-letters").body();
        assertThat(dead).contains("aria-label=\"Auswählen: " + reference + ", E-Mail\"").contains("<td>E-Mail</td>");
        assertThat(admin.get("/console/cases/" + reference).body()).contains(">unzustellbar<").doesNotContain(">DEAD<");

        admin.post("/console/dead-letters", "action=retry&_csrf=" + enc(admin.token("/console/dead-letters")));
        assertThat(admin.get("/console/dead-letters").body()).contains("Bitte mindestens eine Zustellung auswählen");

        Session wrong = new Session();
        wrong.post("/console/login", "username=leitung&password=falsch&_csrf=" + enc(wrong.token("/console/login")));
        assertThat(admin.get("/console/audit").body()).contains(">Anmeldung abgelehnt<").contains("Benutzername oder Passwort falsch")
                .doesNotContain("BadCredentialsException");
    }

    @Test
    void aHeldReportGoesToAnotherDepartmentOnlyWhenTheClerkChoosesOne() throws Exception {
        String phone = "4915112348805";
        assertThat(webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Erika Beispiel", Payloads.text(phone,
                Payloads.newWamid(), "Der Müllcontainer am Marktplatz quillt über, der Hausmeister ist ein Arschloch"))).statusCode()).isEqualTo(200);
        String reference = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForList(
                "SELECT c.reference FROM report_case c JOIN citizen z ON z.id = c.citizen_id WHERE c.state = 'REVIEW' AND z.id = ?",
                String.class, citizenByPhone(phone)), l -> !l.isEmpty()).get(0);
        Session office = new Session().signIn("leitung");
        String page = office.get("/console/review").body();
        assertThat(page).as("no department is chosen for the clerk").contains("<option value=\"\" selected>– bitte wählen –</option>");

        office.post("/console/review/" + reference, "decision=releaseTo&category=&reason=" + enc("Sachlicher Kern") + "&_csrf="
                + enc(office.token("/console/review")));
        assertThat(office.get("/console/review").body()).contains("Bitte eine Kategorie wählen.");
        assertThat(jdbc.queryForObject("SELECT state FROM report_case WHERE reference = ?", String.class, reference)).isEqualTo("REVIEW");

        office.post("/console/review/" + reference, "decision=releaseTo&category=SAUBERKEIT&reason=" + enc("Sachlicher Kern: Container")
                + "&_csrf=" + enc(office.token("/console/review")));
        assertThat(office.get("/console/review").body()).contains(reference + " wird an das gewählte Fachamt weitergeleitet");
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT state FROM report_case WHERE reference = ?", String.class, reference).equals("FORWARDED"));
        assertThat(jdbc.queryForObject("SELECT category_code FROM report_case WHERE reference = ?", String.class, reference)).isEqualTo("SAUBERKEIT");
    }

    @Test
    void theWebhookRouteStopsOnlyWhenTheAdminConfirmsIt(@org.springframework.beans.factory.annotation.Autowired org.apache.camel.CamelContext camel) throws Exception {
        Session admin = new Session().signIn("leitung");
        assertThat(admin.get("/console/routes").body()).contains("id=\"confirm-stop-whatsapp-webhook\"")
                .doesNotContain("id=\"confirm-stop-ops-metrics\"");
        try {
            admin.post("/console/routes/whatsapp-webhook/stop", "_csrf=" + enc(admin.token("/console/routes")));
            assertThat(admin.get("/console/routes").body()).contains("Route whatsapp-webhook läuft weiter: Stoppen bitte ausdrücklich bestätigen.");
            assertThat(camel.getRouteController().getRouteStatus("whatsapp-webhook").isStarted()).isTrue();
            assertThat(webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, "4915112348806", "Erika Beispiel",
                    Payloads.text("4915112348806", Payloads.newWamid(), "Die Bank am Brühl ist kaputt"))).statusCode()).isEqualTo(200);

            admin.post("/console/routes/whatsapp-webhook/stop", "confirm=yes&_csrf=" + enc(admin.token("/console/routes")));
            assertThat(camel.getRouteController().getRouteStatus("whatsapp-webhook").isStopped()).isTrue();
            assertThat(admin.get("/console/audit").body()).contains("whatsapp-webhook");
        } finally {
            camel.getRouteController().startRoute("whatsapp-webhook");
        }
        admin.post("/console/routes/ops-metrics/stop", "_csrf=" + enc(admin.token("/console/routes")));
        assertThat(camel.getRouteController().getRouteStatus("ops-metrics").isStopped()).as("other routes stop with one click").isTrue();
        camel.getRouteController().startRoute("ops-metrics");
    }

    @Test
    void statisticsShowNamesGermanPeriodsAndDecimalCommas() throws Exception {
        jdbc.update("DELETE FROM case_statistics_case");
        de.meldeweg.console.statistics.DemoStatistics.seed(jdbc, java.time.LocalDate.now().minusDays(1), 6, 11);
        String page = new Session().signIn("lesen").get("/console/statistics").body();
        String thisMonth = java.time.format.DateTimeFormatter.ofPattern("MM/yyyy").format(java.time.LocalDate.now().minusDays(1));
        assertThat(page).contains(">Winterdienst<").contains(">Tiefbauamt<").contains(">" + thisMonth + "<")
                .doesNotContain(">WINTERDIENST<").doesNotContain(">tiefbauamt<").containsPattern(">\\d+,\\d<")
                .doesNotContainPattern("<td>\\d+\\.\\d</td>").contains("\"names\":{");
        jdbc.update("DELETE FROM case_statistics_case");
    }

    @Test
    void anEndedSessionLeadsToTheSignInPageSayingSo() throws Exception {
        Session clerk = new Session().signIn("leitung");
        String token = clerk.token("/console/cases");
        String ended = clerk.cookie;
        clerk.post("/console/logout", "_csrf=" + enc(token));

        Session stale = new Session();
        stale.cookie = ended;
        HttpResponse<String> page = stale.get("/console/cases");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/console/login?expired");
        assertThat(stale.get("/console/login?expired").body()).contains("Ihre Sitzung ist abgelaufen");

        Session form = new Session();
        form.cookie = ended;
        HttpResponse<String> action = form.post("/console/cases/WK-2026-000001/close", "reason=x&_csrf=" + enc(token));
        assertThat(action.statusCode()).as("not 'Kein Zugriff'").isEqualTo(302);
        assertThat(action.headers().firstValue("Location").orElseThrow()).endsWith("/console/login?expired");

        Session poll = new Session();
        poll.cookie = ended;
        HttpResponse<String> panel = poll.get("/console/overview/panel", "HX-Request", "true");
        assertThat(panel.headers().firstValue("HX-Redirect")).as("htmx loads the sign-in page as a whole").hasValue("/console/login?expired");
        assertThat(panel.body()).doesNotContain("id=\"username\"");
        HttpResponse<String> noSession = new Session().get("/console/overview/panel", "HX-Request", "true");
        assertThat(noSession.headers().firstValue("HX-Redirect")).hasValue("/console/login?expired");
    }

    @Test
    void signingInAfterTheOverviewsPollRanIntoTheSignInOpensAPageNotTheFragment() throws Exception {
        Session clerk = new Session();
        clerk.get("/console/overview/panel", "HX-Request", "true");
        String token = clerk.token("/console/login");
        HttpResponse<String> signedIn = clerk.post("/console/login", "username=leitung&password=" + PASSWORD + "&_csrf=" + enc(token));
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).endsWith("/console").doesNotContain("panel");
    }

    @Test
    void aViewerIsRefusedAnActionWithAGermanPage() throws Exception {
        Session viewer = new Session().signIn("lesen");
        HttpResponse<String> refused = viewer.post("/console/cases/WK-2026-000001/close", "reason=x&_csrf=" + enc(viewer.token("/console/cases")));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Kein Zugriff").doesNotContain("Whitelabel");
    }
}
