package de.meldeweg.delivery;

import static de.meldeweg.support.Payloads.newWamid;
import static de.meldeweg.support.Payloads.text;
import static de.meldeweg.support.Payloads.typed;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.stubbing.Scenario;

import de.meldeweg.support.Fixtures;
import de.meldeweg.support.EdgeServers;
import de.meldeweg.support.EdgesContext;
import de.meldeweg.support.Payloads;

/**
 * A citizen's messages become one case that reaches the right department by e-mail, received
 * by a real SMTP server (GreenMail), and the citizen gets a receipt. Runs on H2 and PostgreSQL in
 * the context of {@link EdgesContext} (the JVM's one SMTP server and Zammad).
 */
abstract class ForwardingScenarios extends EdgesContext {

    @BeforeEach
    void cleanCases() {
        zammad().stubFor(post("/api/v1/tickets").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": 4711, \"group_id\": 2, \"priority_id\": 2, \"state_id\": 1, \"title\": \"x\", "
                        + "\"customer_id\": 9, \"number\": \"31004711\", \"created_at\": \"2026-11-29T10:00:00.000Z\"}")));
        jdbc.update("DELETE FROM delivery");
        jdbc.update("UPDATE inbound_message SET case_id = NULL");
        jdbc.update("DELETE FROM report_case");
    }

    private static String raw(MimeMessage mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<BodyPart> leaves(Multipart multipart) throws Exception {
        List<BodyPart> parts = new ArrayList<>();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.getContent() instanceof Multipart nested) {
                parts.addAll(leaves(nested));
            } else {
                parts.add(part);
            }
        }
        return parts;
    }

    @Test
    void messagesOfOneCitizenBecomeOneCaseMailedToTheRightDepartmentWithAReceipt() throws Exception {
        String phone = "4915112345678";
        String body = Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Elif Öztürk",
                text(phone, newWamid(), "Die Straßenlaterne vor Hausnummer 12 in der Bahnhofstraße ist seit Tagen aus."),
                text(phone, newWamid(), "Rufen Sie mich gern an: 0151 12345678 oder elif.oeztuerk@example.org <b>danke</b>"));
        assertThat(webhooks.postSigned(body).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> mail().getReceivedMessages().length == 1);
        MimeMessage mail = mail().getReceivedMessages()[0];
        String reference = jdbc.queryForObject("SELECT reference FROM report_case", String.class);
        assertThat(reference).matches("WK-20\\d\\d-\\d{6}");

        assertThat(mail.getSubject()).contains(reference).contains("Straßenbeleuchtung");
        assertThat(mail.getHeader("X-Meldeweg-Case")).containsExactly(reference);
        assertThat(mail.getHeader("X-Meldeweg-Category")).containsExactly("BELEUCHTUNG");
        assertThat(mail.getHeader("X-Meldeweg-Urgent")).isNull();
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("strassenbeleuchtung@stadt-calw.example");
        // The reply mailbox's plus-address with the mail's secret token, which is also the Message-ID: no reference, no counter.
        assertThat(mail.getReplyTo()).extracting(Object::toString).singleElement().asString().matches("antwort\\+[a-z2-7]{32}@stadt-calw\\.example");
        String token = mail.getReplyTo()[0].toString().replaceAll("antwort\\+(\\w+)@.*", "$1");
        assertThat(mail.getMessageID()).isEqualTo("<" + token + "@stadt.example>").doesNotContain(reference);

        List<BodyPart> parts = leaves((Multipart) mail.getContent());
        String plain = parts.stream().filter(p -> isType(p, "text/plain")).map(ForwardingScenarios::content).findFirst().orElseThrow();
        String html = parts.stream().filter(p -> isType(p, "text/html")).map(ForwardingScenarios::content).findFirst().orElseThrow();
        assertThat(plain).contains("Die Straßenlaterne vor Hausnummer 12 in der Bahnhofstraße ist seit Tagen aus.")
                .contains("[Telefonnummer entfernt]").contains("[E-Mail-Adresse entfernt]").contains(reference);
        assertThat(html).contains("Die Straßenlaterne vor Hausnummer 12 in der Bahnhofstraße ist seit Tagen aus.")
                .contains("&lt;b&gt;danke&lt;/b&gt;").doesNotContain("<b>danke</b>");

        String everything = raw(mail) + plain + html;
        assertThat(everything).doesNotContain(phone).doesNotContain("12345678").doesNotContain("Elif").doesNotContain("Öztürk")
                .doesNotContain("elif.oeztuerk").doesNotContain("wamid");

        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'RECEIPT'") == 1);
        assertThat(outboundBody("SELECT body FROM outbound_message WHERE purpose = 'RECEIPT'"))
                .contains(reference).contains("Tiefbauamt, Straßenbeleuchtung");
        assertThat(count("SELECT COUNT(*) FROM report_case")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE state = 'DELIVERED'") == 2);

        // The ticket: one request to Zammad with the reference and the masked text, its id kept.
        zammad().verify(1, postRequestedFor(urlEqualTo("/api/v1/tickets"))
                .withHeader("Authorization", equalTo("Token token=" + ZAMMAD_TOKEN))
                .withRequestBody(matchingJsonPath("$.group", equalTo("Strassenbeleuchtung")))
                .withRequestBody(matchingJsonPath("$.title", containing(reference)))
                .withRequestBody(matchingJsonPath("$.article.body", containing("[Telefonnummer entfernt]"))));
        String ticket = zammad().getAllServeEvents().get(0).getRequest().getBodyAsString();
        assertThat(ticket).doesNotContain(phone).doesNotContain("Elif").doesNotContain("12345678");
        assertThat(jdbc.queryForObject("SELECT ticket_id FROM report_case", String.class)).isEqualTo("4711");
        // What goes out is HTTP's own headers and the request's (credential, content type): no header or
        // property of the exchange (Camel's, the delivery's, the route's), no cookie.
        assertThat(zammad().getAllServeEvents().get(0).getRequest().getHeaders().keys())
                .map(name -> name.toLowerCase(java.util.Locale.ROOT))
                .containsOnly("host", "content-length", "content-type", "accept", "authorization", "connection", "user-agent", "accept-encoding");
    }

    @Test
    void theCategorysTicketFieldsFromTheDirectoryGoIntoItsTicket() throws Exception {
        // ticket-fields: in config/departments.yaml, as the directory stores them (read with the case row since issue 16).
        jdbc.update("UPDATE category SET ticket_fields = ? WHERE code = 'BELEUCHTUNG'", "{\"meldeweg_bereich\": \"licht\", \"prio_hint\": 3}");
        try {
            String phone = "4915112345679";
            assertThat(webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Elif Öztürk",
                    text(phone, newWamid(), "Die Straßenlaterne in der Bahnhofstraße 12 ist seit Tagen aus."))).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> zammad().verify(1, postRequestedFor(urlEqualTo("/api/v1/tickets"))
                    .withRequestBody(matchingJsonPath("$.group", equalTo("Strassenbeleuchtung")))
                    .withRequestBody(matchingJsonPath("$.meldeweg_bereich", equalTo("licht")))
                    .withRequestBody(matchingJsonPath("$.prio_hint", equalTo("3")))));
            await().atMost(Duration.ofSeconds(10)).until(() -> "4711".equals(jdbc.queryForObject("SELECT ticket_id FROM report_case", String.class)));
        } finally {
            jdbc.update("UPDATE category SET ticket_fields = NULL WHERE code = 'BELEUCHTUNG'");
        }
    }

    @Test
    void aTicketSystemAnswering500GetsTheTicketExactlyOnceAfterRecovery() throws Exception {
        zammad().resetAll();
        // An error answer may come after the ticket was made: each retry looks for it first (here: not there).
        zammad().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/api/v1/tickets/search")).willReturn(okJson("[]")));
        zammad().stubFor(post("/api/v1/tickets").inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("{\"error\": \"internal\"}")).willSetStateTo("still"));
        zammad().stubFor(post("/api/v1/tickets").inScenario("outage").whenScenarioStateIs("still")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        zammad().stubFor(post("/api/v1/tickets").inScenario("outage").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\": 99, \"number\": \"31000099\"}")));
        String phone = "4915112345682";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Kurt", text(phone, newWamid(), "Die Ampel an der Kreuzung ist aus")));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'TICKET' AND state = 'DELIVERED'") == 1);
        // 500, 503 (the HTTP client itself repeats a 503 once), then the one 201: one ticket, and no wrong
        // second create within a second.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> zammad().verify(3, postRequestedFor(urlEqualTo("/api/v1/tickets"))));
        assertThat(jdbc.queryForObject("SELECT ticket_id FROM report_case", String.class)).isEqualTo("99");
        int attempts = jdbc.queryForObject("SELECT attempts FROM delivery WHERE channel = 'TICKET'", Integer.class);
        assertThat(attempts).isBetween(2, 3);
        // Every attempt after the first searched before creating.
        zammad().verify(attempts - 1, getRequestedFor(urlPathEqualTo("/api/v1/tickets/search")));
    }

    @Test
    void aMailSentWhileTheTicketSystemFailsForwardsTheCaseAtOnceAndTheTicketFollows() throws Exception {
        // One sender sends a case's mail and ticket and commits both outcomes together: the ticket's
        // failure must not hold back the mail's outcome (case forwarded, receipt queued).
        zammad().resetAll();
        zammad().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/api/v1/tickets/search")).willReturn(okJson("[]")));
        zammad().stubFor(post("/api/v1/tickets").inScenario("down").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("{\"error\": \"internal\"}")).willSetStateTo("up"));
        zammad().stubFor(post("/api/v1/tickets").inScenario("down").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\": 77, \"number\": \"31000077\"}")));
        String phone = "4915112345683";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Ida",
                text(phone, newWamid(), "Der Gehweg in der Lederstraße 3 ist seit gestern aufgerissen und nicht abgesperrt.")));
        await().atMost(Duration.ofSeconds(20)).until(() -> mail().getReceivedMessages().length == 1);
        // The ticket's first attempt failed and waits for its retry; the mail's outcome is committed all the same.
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'MAIL' AND state = 'DELIVERED'") == 1);
        assertThat(jdbc.queryForObject("SELECT state FROM report_case", String.class)).isEqualTo("FORWARDED");
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'RECEIPT'") == 1);

        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'TICKET' AND state = 'DELIVERED'") == 1);
        assertThat(jdbc.queryForObject("SELECT ticket_id FROM report_case", String.class)).isEqualTo("77");
        assertThat(jdbc.queryForObject("SELECT attempts FROM delivery WHERE channel = 'TICKET'", Integer.class)).isGreaterThanOrEqualTo(2);
        // one receipt, one mail: the ticket's late outcome forwards nothing a second time
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'RECEIPT'")).isEqualTo(1);
            assertThat(mail().getReceivedMessages()).hasSize(1);
        });
    }

    @Test
    void anSmtpOutageEndsWithTheMailDeliveredExactlyOnce() throws Exception {
        EdgeServers.stopMail();
        String phone = "4915112345679";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Paul",
                text(phone, newWamid(), "Überquellender Mülleimer am Marktplatz")));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                count("SELECT COUNT(*) FROM delivery WHERE channel = 'MAIL' AND attempts >= 2 AND state <> 'DELIVERED'") == 1);
        assertThat(jdbc.queryForObject("SELECT last_error FROM delivery WHERE channel = 'MAIL'", String.class)).isNotBlank();

        EdgeServers.restartMail();
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'MAIL' AND state = 'DELIVERED'") == 1);
        // a second, wrong send would arrive within a second
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(mail().getReceivedMessages()).hasSize(1));
        assertThat(mail().getReceivedMessages()[0].getHeader("X-Meldeweg-Category")).containsExactly("SAUBERKEIT");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.camel.CamelContext camel;

    @Test
    void deliveriesAndCasesRunOnThreadPoolsOfTheConfiguredSize() {
        // camel.threadpool.config in application.yaml, sized by meldeweg.delivery.senders and meldeweg.case.enrichers
        assertThat(camel.getExecutorServiceManager().getThreadPoolProfile("deliverySenders"))
                .satisfies(p -> assertThat(p.getPoolSize()).isEqualTo(4)).satisfies(p -> assertThat(p.getMaxPoolSize()).isEqualTo(4))
                .satisfies(p -> assertThat(p.getMaxQueueSize()).isEqualTo(-1));
        assertThat(camel.getExecutorServiceManager().getThreadPoolProfile("caseEnrichers"))
                .satisfies(p -> assertThat(p.getPoolSize()).isEqualTo(2)).satisfies(p -> assertThat(p.getMaxPoolSize()).isEqualTo(2));
    }

    @Test
    void aDeliveryLeftInFlightByACrashedInstanceIsTakenUpAgainAndDeliveredOnce() throws Exception {
        EdgeServers.stopMail();
        String phone = "4915112345683";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Timo", text(phone, newWamid(), "Graffiti an der Nagoldbrücke")));
        // What an instance killed in the middle of sending leaves behind: a claimed row, its lease still running.
        // Taken while no attempt of this (live) instance is in flight, as after a real crash.
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.update("UPDATE delivery SET state = 'SENDING', next_attempt_at = ? "
                + "WHERE channel = 'MAIL' AND attempts >= 1 AND state = 'PENDING'",
                java.sql.Timestamp.from(java.time.Instant.now().plus(Duration.ofHours(1)))) == 1);
        EdgeServers.restartMail();
        // The lease runs out.
        jdbc.update("UPDATE delivery SET next_attempt_at = ? WHERE channel = 'MAIL' AND state = 'SENDING'",
                java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1)));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'MAIL' AND state = 'DELIVERED'") == 1);
        // a second send would arrive within a second
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(mail().getReceivedMessages()).hasSize(1));
    }

    @Test
    void aTicketCreatedJustBeforeACrashIsAdoptedByItsSecretTagNeverByItsTitle() throws Exception {
        String phone = "4915112345684";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Ida", text(phone, newWamid(), "Schlagloch in der Lederstraße")));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'TICKET' AND state = 'DELIVERED'") == 1);
        String reference = jdbc.queryForObject("SELECT reference FROM report_case", String.class);
        String tag = new tools.jackson.databind.ObjectMapper().readTree(zammad().findAll(postRequestedFor(urlEqualTo("/api/v1/tickets")))
                .get(0).getBodyAsString()).path("tags").asString();
        assertThat(tag).as("the create carries a secret tag of this delivery, not the reference").matches("meldeweg-[0-9a-f]{32}");
        // 4712: a ticket someone else opened whose title carries the reference; 4711: ours, with the tag.
        zammad().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/api/v1/tickets/search"))
                .withQueryParam("query", equalTo("\"" + reference + "\"")).withQueryParam("expand", equalTo("true"))
                .withHeader("Authorization", equalTo("Token token=" + ZAMMAD_TOKEN))
                .willReturn(okJson("[{\"id\": 4712, \"group_id\": 2, \"number\": \"31004712\", \"title\": \"" + reference
                        + ": Straße\", \"state_id\": 1}, {\"id\": 4711, \"group_id\": 2, \"number\": \"31004711\", \"title\": \"" + reference
                        + " Straße\", \"state_id\": 1}]")));
        zammad().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/api/v1/tags?object=Ticket&o_id=4712"))
                .willReturn(okJson("{\"tags\": [\"" + reference + "\"]}")));
        zammad().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/api/v1/tags?object=Ticket&o_id=4711"))
                .withHeader("Authorization", equalTo("Token token=" + ZAMMAD_TOKEN))
                .willReturn(okJson("{\"tags\": [\"" + tag + "\"]}")));
        // What the process leaves behind when it dies after Zammad's 201 and before our commit.
        jdbc.update("UPDATE report_case SET ticket_id = NULL");
        jdbc.update("UPDATE delivery SET state = 'SENDING', delivered_at = NULL, next_attempt_at = ? WHERE channel = 'TICKET'",
                java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1)));

        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'TICKET' AND state = 'DELIVERED'") == 1);
        assertThat(jdbc.queryForObject("SELECT ticket_id FROM report_case", String.class)).isEqualTo("4711");
        zammad().verify(1, postRequestedFor(urlEqualTo("/api/v1/tickets")));
        zammad().verify(1, getRequestedFor(urlPathEqualTo("/api/v1/tickets/search")));
    }

    @Test
    void aTicketWhoseTitleMerelyCarriesTheReferenceIsNotAdoptedAfterACrash() throws Exception {
        String phone = "4915112345685";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Jan", text(phone, newWamid(), "Schlagloch in der Badstraße")));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'TICKET' AND state = 'DELIVERED'") == 1);
        String reference = jdbc.queryForObject("SELECT reference FROM report_case", String.class);
        zammad().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/api/v1/tickets/search"))
                .willReturn(okJson("[{\"id\": 4712, \"number\": \"31004712\", \"title\": \"" + reference + ": Straße\"}]")));
        zammad().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/api/v1/tags?object=Ticket&o_id=4712"))
                .willReturn(okJson("{\"tags\": [\"meldeweg-00000000000000000000000000000000\"]}")));
        jdbc.update("UPDATE report_case SET ticket_id = NULL");
        jdbc.update("UPDATE delivery SET state = 'SENDING', delivered_at = NULL, next_attempt_at = ? WHERE channel = 'TICKET'",
                java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1)));

        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'TICKET' AND state = 'DELIVERED'") == 1);
        assertThat(jdbc.queryForObject("SELECT ticket_id FROM report_case", String.class)).as("a ticket of its own, not the look-alike")
                .isEqualTo("4711");
        zammad().verify(2, postRequestedFor(urlEqualTo("/api/v1/tickets")));
    }

    @Test
    void aDeadLetterIsListedAndRetriedThroughTheAdminEndpoint() throws Exception {
        EdgeServers.stopMail();
        String phone = "4915112345681";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Olga",
                text(phone, newWamid(), "Der Baum am Spielplatz Heumaden ist umgestürzt")));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE state = 'DEAD'") == 1);
        String reference = jdbc.queryForObject("SELECT reference FROM report_case", String.class);
        long id = jdbc.queryForObject("SELECT id FROM delivery WHERE state = 'DEAD'", Long.class);

        var client = java.net.http.HttpClient.newHttpClient();
        var uri = java.net.URI.create("http://localhost:" + port + "/admin/dead-letters");
        assertThat(client.send(java.net.http.HttpRequest.newBuilder(uri).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(client.send(java.net.http.HttpRequest.newBuilder(uri).header("Authorization", "Bearer wrong").GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        var list = client.send(java.net.http.HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(reference).contains("\"channel\":\"MAIL\"").doesNotContain(phone);

        EdgeServers.restartMail();
        var retry = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(uri + "?retry=" + id))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(retry.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "DELIVERED".equals(jdbc.queryForObject("SELECT state FROM delivery WHERE id = ?", String.class, id)));
        assertThat(mail().getReceivedMessages()).hasSize(1);
    }

    @Test
    void aPhotoCaptionJoinsTheCaseAndMessagesAfterForwardingStartANewCase() {
        String phone = "4915112345680";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Rosa",
                text(phone, newWamid(), "Hier ist was kaputt"),
                typed(phone, newWamid(), "image", "{\"caption\": \"Schlagloch in der Lederstraße\", \"mime_type\": \"image/jpeg\", "
                        + "\"sha256\": \"iBDGHcmY4u85eR52tjd7y3jWuZgJ4Irv9RupghZSns4=\", \"id\": \"1234567890123456\"}")));
        await().atMost(Duration.ofSeconds(20)).until(() -> mail().getReceivedMessages().length == 1);
        assertThat(jdbc.queryForObject("SELECT category_code FROM report_case", String.class)).isEqualTo("STRASSE");

        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Rosa", text(phone, newWamid(), "Und der Gully ist verstopft")));
        await().atMost(Duration.ofSeconds(20)).until(() -> mail().getReceivedMessages().length == 2);
        assertThat(jdbc.queryForList("SELECT reference FROM report_case ORDER BY id", String.class)).hasSize(2).doesNotHaveDuplicates();
    }

    private static boolean isType(BodyPart part, String type) {
        try {
            return part.isMimeType(type);
        } catch (Exception e) {
            return false;
        }
    }

    private static String content(BodyPart part) {
        try {
            return (String) part.getContent();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void casesOfSeveralCitizensFoundInOneLookAreAssembledTogetherEachWithItsOwnReference() throws Exception {
        // Case assembly paused, so that its next look finds three citizens due at once (one transaction for all).
        camel.getRouteController().stopRoute("case-assembly");
        try {
            for (String phone : List.of("4915112340001", "4915112340002", "4915112340003")) {
                assertThat(webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Bürger",
                        text(phone, newWamid(), "Die Straßenlaterne in der Bahnhofstraße ist aus."),
                        text(phone, newWamid(), "Schon seit Montag."))).statusCode()).isEqualTo(200);
            }
            awaitIntakeIdle();
        } finally {
            camel.getRouteController().startRoute("case-assembly");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM report_case") == 3);
        // each citizen's two messages in their own case, none left over
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE accepted = TRUE AND case_id IS NULL")).isZero();
        assertThat(count("SELECT COUNT(*) FROM inbound_message m JOIN report_case c ON c.id = m.case_id WHERE c.citizen_id = m.citizen_id"))
                .isEqualTo(6);
        assertThat(count("SELECT COUNT(DISTINCT citizen_id) FROM report_case")).isEqualTo(3);
        // three references counted on one after the other: no number twice, none skipped
        List<Integer> numbers = jdbc.queryForList("SELECT reference FROM report_case ORDER BY reference", String.class).stream()
                .map(r -> Integer.parseInt(r.substring(r.lastIndexOf('-') + 1))).toList();
        assertThat(numbers).containsExactly(numbers.get(0), numbers.get(0) + 1, numbers.get(0) + 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE state = 'DELIVERED'") == 6);
    }
}
