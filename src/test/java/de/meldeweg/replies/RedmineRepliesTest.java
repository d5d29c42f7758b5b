package de.meldeweg.replies;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.noContent;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import de.meldeweg.citizen.Sender;
import de.meldeweg.support.MeldewegTestBase;

/**
 * Redmine followed end to end (WireMock in Redmine 5.0's shapes): public notes of staff reach the
 * citizen once however often the issue is polled, private notes, status changes, our own notes and
 * the anonymous mail handler's never, and a closed issue closes the case; for a citizen who erased
 * their data, the case still closes and nothing is sent. An erasure note that Redmine keeps public
 * (a role without "Set notes as private") is an error, DEGRADED health and a dead letter.
 */
@ExtendWith(OutputCaptureExtension.class)
// Closed after the class: a cached context would keep polling the shared mailbox and ticket system.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RedmineRepliesTest extends MeldewegTestBase {

    static final WireMockServer REDMINE = new WireMockServer(options().dynamicPort());

    static {
        REDMINE.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:replies-redmine;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("meldeweg.ticket.system", () -> "redmine");
        registry.add("meldeweg.ticket.base-url", () -> "http://127.0.0.1:" + REDMINE.port());
        registry.add("meldeweg.ticket.token", () -> "redmine-key");
        registry.add("meldeweg.replies.ticket-interval", () -> "200");
        registry.add("meldeweg.replies.ticket-every", () -> "PT0.3S");
        registry.add("meldeweg.replies.held-interval", () -> "200");
        registry.add("meldeweg.case.assembly-interval", () -> "600000");
        registry.add("management.endpoint.health.show-details", () -> "always");
    }

    @BeforeEach
    void resetRedmine() {
        REDMINE.resetAll();
        REDMINE.stubFor(get("/users/current.json").willReturn(okJson("{\"user\": {\"id\": 4, \"login\": \"meldeweg\", "
                + "\"admin\": false, \"firstname\": \"Meldeweg\", \"lastname\": \"API\"}}")));
    }

    private long forwardedCase(String reference, String issue, boolean erased) {
        long citizen = citizens.findOrCreate(new Sender("4915199" + reference.substring(9), null, "Hanna", null), Instant.now());
        citizens.touchInbound(citizen, Instant.now());
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("INSERT INTO report_case (reference, citizen_id, state, department_name, department_email, created_at, forwarded_at, ticket_id) "
                + "VALUES (?, ?, 'FORWARDED', 'Tiefbauamt', 'tiefbauamt@stadt-calw.example', ?, ?, ?)", reference, erased ? null : citizen, now, now, issue);
        return jdbc.queryForObject("SELECT id FROM report_case WHERE reference = ?", Long.class, reference);
    }

    private static String issue(String id, boolean closed, String journals) {
        return "{\"issue\": {\"id\": " + id + ", \"project\": {\"id\": 1, \"name\": \"Tiefbau\"}, \"tracker\": {\"id\": 1, \"name\": \"Meldung\"}, "
                + "\"status\": {\"id\": " + (closed ? 5 : 2) + ", \"name\": \"" + (closed ? "Erledigt" : "In Bearbeitung") + "\", \"is_closed\": " + closed + "}, "
                + "\"priority\": {\"id\": 2, \"name\": \"Normal\"}, \"author\": {\"id\": 4, \"name\": \"Meldeweg API\"}, "
                + "\"subject\": \"WK-2026-000815: Straße\", \"description\": \"Meldung\", \"journals\": [" + journals + "]}}";
    }

    private static String journal(int id, int user, String notes, boolean privateNotes) {
        return "{\"id\": " + id + ", \"user\": {\"id\": " + user + ", \"name\": \"Erika Beispiel\"}, \"notes\": \"" + notes + "\", "
                + "\"created_on\": \"2026-11-28T10:00:00Z\", \"private_notes\": " + privateNotes + ", \"details\": []}";
    }

    private List<String> messages(long caseId, String purpose) {
        return outboundBodies("SELECT o.body FROM outbound_message o JOIN report_case r ON r.citizen_id = o.citizen_id "
                + "WHERE r.id = ? AND o.purpose = ? ORDER BY o.id", caseId, purpose);
    }

    @Test
    void publicNotesAreRelayedOnceAndAClosedIssueClosesTheCase() {
        long caseId = forwardedCase("WK-2026-000815", "815", false);
        String note = journal(101, 8, "Wird am Montag verfüllt.", false);
        String secret = journal(102, 8, "Intern: Kolonne 3", true);
        String status = "{\"id\": 103, \"user\": {\"id\": 8, \"name\": \"Erika Beispiel\"}, \"notes\": \"\", \"private_notes\": false, "
                + "\"details\": [{\"property\": \"attr\", \"name\": \"status_id\", \"old_value\": \"1\", \"new_value\": \"2\"}]}";
        String own = journal(105, 4, "Foto nachgereicht", false);
        String anonymous = "{\"id\": 106, \"user\": {\"id\": 2, \"name\": \"Anonymous\"}, \"notes\": \"Schicken Sie uns Ihre IBAN.\", "
                + "\"created_on\": \"2026-11-28T10:30:00Z\", \"private_notes\": false, \"details\": []}";
        own = own + "," + anonymous;
        REDMINE.stubFor(get("/issues/815.json?include=journals").inScenario("issue").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(issue("815", false, note + "," + secret + "," + status + "," + own))));

        await().atMost(Duration.ofSeconds(30)).until(() -> messages(caseId, AnswerRelay.ANSWER).size() == 1);
        assertThat(messages(caseId, AnswerRelay.ANSWER).get(0))
                .isEqualTo("Antwort von Tiefbauamt zu Ihrer Meldung WK-2026-000815:\n\nWird am Montag verfüllt.");
        await().atMost(Duration.ofSeconds(20)).until(() -> REDMINE.countRequestsMatching(
                getRequestedFor(urlEqualTo("/issues/815.json?include=journals")).build()).getCount() >= 4);
        assertThat(messages(caseId, AnswerRelay.ANSWER)).hasSize(1);
        REDMINE.verify(getRequestedFor(urlEqualTo("/issues/815.json?include=journals")).withHeader("X-Redmine-API-Key", equalTo("redmine-key")));
        assertThat(REDMINE.countRequestsMatching(getRequestedFor(urlEqualTo("/users/current.json")).build()).getCount())
                .as("our own user is asked for once per run, not per poll").isLessThanOrEqualTo(1);

        REDMINE.stubFor(get("/issues/815.json?include=journals").inScenario("issue").whenScenarioStateIs("closed")
                .willReturn(okJson(issue("815", true, note + "," + secret + "," + status + "," + own + ","
                        + journal(104, 8, "Erledigt, danke für den Hinweis!", false)))));
        REDMINE.setScenarioState("issue", "closed");
        await().atMost(Duration.ofSeconds(30)).until(() -> messages(caseId, AnswerRelay.CASE_CLOSED).size() == 1);
        assertThat(messages(caseId, AnswerRelay.ANSWER)).hasSize(2).last().asString().endsWith("Erledigt, danke für den Hinweis!");
        assertThat(messages(caseId, AnswerRelay.CASE_CLOSED).get(0)).contains("WK-2026-000815").contains("erledigt");
        assertThat(jdbc.queryForObject("SELECT state FROM report_case WHERE id = ?", String.class, caseId)).isEqualTo("CLOSED");
        assertThat(outboundBodies("SELECT body FROM outbound_message"))
                .noneMatch(b -> b.contains("Kolonne")).noneMatch(b -> b.contains("Foto nachgereicht")).noneMatch(b -> b.contains("IBAN"));
        assertThat(REDMINE.getAllServeEvents()).as("the API key never stands in a URL")
                .noneMatch(e -> e.getRequest().getUrl().contains("redmine-key"));
    }

    private static final String NOTE_SUBJECT = ": Einwilligung widerrufen, keine Rückfragen möglich";

    private long noteFor(String reference, String issue) {
        long caseId = forwardedCase(reference, issue, true);
        jdbc.update("INSERT INTO delivery (case_id, channel, state, attempts, next_attempt_at, created_at) VALUES (?, 'NOTE', 'PENDING', 0, ?, ?)",
                caseId, Timestamp.from(Instant.now()), Timestamp.from(Instant.now()));
        return caseId;
    }

    private String health() throws Exception {
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return answer.body();
    }

    @Test
    void anErasureNoteThatRedmineKeepsPublicIsAnErrorDegradedHealthAndADeadLetter(CapturedOutput output) throws Exception {
        REDMINE.stubFor(put("/issues/818.json").willReturn(noContent()));
        // Redmine 5.0.4 with a role lacking "Set notes as private": 204, and the note is public.
        REDMINE.stubFor(get("/issues/818.json?include=journals").willReturn(okJson(issue("818", false,
                journal(401, 4, "WK-2026-000818" + NOTE_SUBJECT + "\\n\\nHinweis von Meldeweg", false)))));
        noteFor("WK-2026-000818", "818");

        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'NOTE' AND state = 'DEAD'") == 1);
        REDMINE.verify(1, putRequestedFor(urlEqualTo("/issues/818.json")).withRequestBody(matchingJsonPath("$.issue.private_notes", equalTo("true"))));
        assertThat(jdbc.queryForObject("SELECT last_error FROM delivery WHERE channel = 'NOTE'", String.class))
                .contains("PUBLIC").contains("Set notes as private");
        assertThat(output.getAll()).containsPattern("ERROR.*WK-2026-000818.*Set notes as private");
        tools.jackson.databind.JsonNode ticketSystem = new tools.jackson.databind.ObjectMapper().readTree(health())
                .path("components").path("ticketSystem");
        assertThat(ticketSystem.path("status").asString()).isEqualTo("DEGRADED");
        assertThat(ticketSystem.path("details").path("problem").asString()).contains("818").contains("Set notes as private");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                REDMINE.countRequestsMatching(putRequestedFor(urlEqualTo("/issues/818.json")).build()).getCount() == 1);

        // Once the role may set notes private, the next note is private and the warning goes.
        REDMINE.stubFor(put("/issues/819.json").willReturn(noContent()));
        REDMINE.stubFor(get("/issues/819.json?include=journals").willReturn(okJson(issue("819", false,
                journal(402, 4, "WK-2026-000819" + NOTE_SUBJECT + "\\n\\nHinweis von Meldeweg", true)))));
        noteFor("WK-2026-000819", "819");
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'NOTE' AND state = 'DELIVERED'") == 1);
        assertThat(new tools.jackson.databind.ObjectMapper().readTree(health()).path("components").path("ticketSystem")
                .path("details").has("problem")).isFalse();
    }

    @Test
    void withoutAnImapHostTheReplyMailboxIsNotPolled(@Autowired CamelContext camel) {
        assertThat(camel.getRoute("replies-mail")).as("the route's precondition leaves it out").isNull();
        assertThat(camel.getEndpoints()).extracting(e -> e.getEndpointUri()).noneMatch(uri -> uri.startsWith("imap"));
        assertThat(camel.getRouteController().getRouteStatus("replies-ticket").isStarted()).isTrue();
    }

    @Test
    void aClosedIssueOfAnErasedCitizenStillClosesTheCaseAndNothingIsSent() {
        long caseId = forwardedCase("WK-2026-000816", "816", true);
        REDMINE.stubFor(get("/issues/816.json?include=journals").willReturn(okJson(issue("816", true, journal(201, 8, "Erledigt.", false)))));
        await().atMost(Duration.ofSeconds(30)).until(() -> "CLOSED".equals(jdbc.queryForObject("SELECT state FROM report_case WHERE id = ?",
                String.class, caseId)));
        await().atMost(Duration.ofSeconds(15)).until(() -> count("SELECT COUNT(*) FROM reply WHERE outcome = 'ERASED'") == 1);
        assertThat(count("SELECT COUNT(*) FROM outbound_message")).isZero();
    }

    @Test
    void aFailingRedmineIsAskedAgainLaterAndNothingIsLost() {
        long caseId = forwardedCase("WK-2026-000817", "817", false);
        REDMINE.stubFor(get("/issues/817.json?include=journals").inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(serverError().withBody("<html>Bad Gateway</html>")));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM ticket_follow WHERE case_id = ? AND failures >= 1", caseId) == 1);
        assertThat(jdbc.queryForObject("SELECT last_error FROM ticket_follow WHERE case_id = ?", String.class, caseId)).contains("HTTP 500");
        REDMINE.stubFor(get("/issues/817.json?include=journals").inScenario("outage").whenScenarioStateIs("up")
                .willReturn(okJson(issue("817", false, journal(301, 8, "Ist in Arbeit.", false)))));
        REDMINE.setScenarioState("outage", "up");
        // The pause after a failure doubles (0.6 s here); the answer follows on the next look.
        await().atMost(Duration.ofSeconds(30)).until(() -> messages(caseId, AnswerRelay.ANSWER).size() == 1);
    }
}
