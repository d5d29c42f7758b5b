package de.meldeweg.tickets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static de.meldeweg.support.Payloads.newWamid;
import static de.meldeweg.support.Payloads.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import de.meldeweg.citizen.Sender;
import de.meldeweg.replies.AnswerRelay;
import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MeldewegTestBase;
import de.meldeweg.support.Payloads;

/**
 * The doors of the ticket system, tried against Zammad's REST shapes (WireMock): only an agent's
 * public article reaches the citizen (never a customer's, a system article, an internal note or
 * the service's own), an answer to a closed case is a dead letter for an admin, no credential ever
 * stands in a URL, and a Zammad that never answers costs one configured timeout, not a blocked
 * sender: the ticket is created on a later attempt, once.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TicketTrustTest extends MeldewegTestBase {

    static final WireMockServer ZAMMAD = new WireMockServer(options().dynamicPort());
    static final String TOKEN = "zammad-trust-token";

    static {
        ZAMMAD.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:ticket-trust;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("meldeweg.ticket.system", () -> "zammad");
        registry.add("meldeweg.ticket.base-url", () -> "http://127.0.0.1:" + ZAMMAD.port());
        registry.add("meldeweg.ticket.token", () -> TOKEN);
        registry.add("meldeweg.ticket.response-timeout", () -> "700ms");
        registry.add("meldeweg.ticket.connect-timeout", () -> "500ms");
        registry.add("meldeweg.case.grouping-window", () -> "PT0.5S");
        registry.add("meldeweg.case.assembly-interval", () -> "200");
        registry.add("meldeweg.delivery.interval", () -> "200");
        registry.add("meldeweg.delivery.retry-initial", () -> "PT0.3S");
        registry.add("meldeweg.replies.ticket-interval", () -> "200");
        registry.add("meldeweg.replies.ticket-every", () -> "PT0.3S");
    }

    @BeforeEach
    void resetZammad() {
        ZAMMAD.resetAll();
        ZAMMAD.stubFor(get("/api/v1/users/me").willReturn(okJson("{\"id\": 3, \"login\": \"meldeweg-api\", \"firstname\": \"Meldeweg\"}")));
        ZAMMAD.stubFor(get(urlPathEqualTo("/api/v1/tickets/search")).willReturn(okJson("[]")));
    }

    private long openCase(String reference, String ticketId) {
        long citizen = citizens.findOrCreate(new Sender("4915177" + reference.substring(9), null, "Hanna", null), Instant.now());
        citizens.touchInbound(citizen, Instant.now());
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("INSERT INTO report_case (reference, citizen_id, state, department_name, department_email, created_at, forwarded_at, ticket_id) "
                + "VALUES (?, ?, 'FORWARDED', 'Tiefbauamt', 'tiefbauamt@stadt-calw.example', ?, ?, ?)", reference, citizen, now, now, ticketId);
        return jdbc.queryForObject("SELECT id FROM report_case WHERE reference = ?", Long.class, reference);
    }

    private List<String> answers(long caseId) {
        return outboundBodies("SELECT o.body FROM outbound_message o JOIN report_case r ON r.citizen_id = o.citizen_id "
                + "WHERE r.id = ? AND o.purpose = ? ORDER BY o.id", caseId, AnswerRelay.ANSWER);
    }

    private static String article(int id, String sender, long author, boolean internal, String body) {
        return "{\"id\": " + id + ", \"ticket_id\": 4711, \"type\": \"" + (sender.equals("Customer") ? "email" : "note") + "\", \"sender\": \""
                + sender + "\", \"body\": \"" + body + "\", \"content_type\": \"text/plain\", \"internal\": " + internal
                + ", \"created_by_id\": " + author + ", \"created_at\": \"2026-11-29T10:00:00.000Z\"}";
    }

    @Test
    void onlyAnAgentsPublicArticleIsRelayedAndAnAnswerAfterClosingIsADeadLetter() {
        long caseId = openCase("WK-2026-000901", "4711");
        String before = String.join(",",
                article(11, "Agent", 3, false, "Meldung WK-2026-000901 über Meldeweg"),
                article(12, "Customer", 9, false, "Schicken Sie uns Ihre IBAN."),
                article(13, "Agent", 7, true, "Intern: Kolonne 3"),
                article(14, "System", 1, false, "Eskalation nach 24 Stunden"),
                article(15, "Agent", 7, false, "Wir schauen uns das an."));
        ZAMMAD.stubFor(get("/api/v1/tickets/4711?expand=true").willReturn(okJson("{\"id\": 4711, \"state\": \"open\", \"number\": \"31004711\"}")));
        ZAMMAD.stubFor(get("/api/v1/ticket_articles/by_ticket/4711?expand=true").inScenario("articles").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("[" + before + "]")));

        await().atMost(Duration.ofSeconds(20)).until(() -> answers(caseId).size() == 1);
        assertThat(answers(caseId).get(0)).endsWith("Wir schauen uns das an.");

        // The case is closed another way (a mail, an admin); then an agent answers in the ticket.
        jdbc.update("UPDATE report_case SET state = 'CLOSED', closed_at = ? WHERE id = ?", Timestamp.from(Instant.now()), caseId);
        ZAMMAD.stubFor(get("/api/v1/ticket_articles/by_ticket/4711?expand=true").inScenario("articles").whenScenarioStateIs("late")
                .willReturn(okJson("[" + before + "," + article(16, "Agent", 7, false, "Bitte rufen Sie uns an.") + "]")));
        ZAMMAD.setScenarioState("articles", "late");

        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE case_id = ? AND channel = ? AND state = 'DEAD'",
                caseId, AnswerRelay.LATE_ANSWER) == 1);
        assertThat(jdbc.queryForObject("SELECT last_error FROM delivery WHERE case_id = ? AND channel = ?", String.class, caseId,
                AnswerRelay.LATE_ANSWER)).contains("after the case was closed");
        assertThat(count("SELECT COUNT(*) FROM reply WHERE source_key = 'zammad:4711:16' AND outcome = 'CLOSED'")).isEqualTo(1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> answers(caseId).size() == 1);
        assertThat(outboundBodies("SELECT body FROM outbound_message"))
                .noneMatch(b -> b.contains("IBAN") || b.contains("Kolonne") || b.contains("Eskalation") || b.contains("rufen Sie"));
        assertThat(ZAMMAD.getAllServeEvents()).as("the token never stands in a URL").noneMatch(e -> e.getRequest().getUrl().contains(TOKEN));
    }

    @Test
    void aZammadThatNeverAnswersTimesOutWithinTheConfiguredTimeoutAndTheTicketIsCreatedLaterOnce() {
        ZAMMAD.stubFor(post("/api/v1/tickets").inScenario("slow").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(aResponse().withFixedDelay(10_000).withStatus(201).withBody("{\"id\": 1}")));
        ZAMMAD.stubFor(post("/api/v1/tickets").inScenario("slow").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\": 4712, \"number\": \"31004712\"}")));
        String phone = "4915112345690";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Rosa", text(phone, newWamid(), "Schlagloch in der Lederstraße")));

        await().atMost(Duration.ofSeconds(20)).until(() -> ZAMMAD.countRequestsMatching(postRequestedFor(urlEqualTo("/api/v1/tickets")).build()).getCount() == 1);
        long sent = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'TICKET' AND last_error LIKE '%in time%'") == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("0.7 s configured, far below the 10 s the server takes")
                .isLessThan(Duration.ofSeconds(4));

        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'TICKET' AND state = 'DELIVERED'") == 1);
        assertThat(jdbc.queryForObject("SELECT ticket_id FROM report_case", String.class)).isEqualTo("4712");
        ZAMMAD.verify(2, postRequestedFor(urlEqualTo("/api/v1/tickets")));
        ZAMMAD.verify(getRequestedFor(urlPathEqualTo("/api/v1/tickets/search")));
        assertThat(ZAMMAD.getAllServeEvents()).noneMatch(e -> e.getRequest().getUrl().contains(TOKEN));
    }
}
