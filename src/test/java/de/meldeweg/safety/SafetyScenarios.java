package de.meldeweg.safety;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static de.meldeweg.support.Payloads.newWamid;
import static de.meldeweg.support.Payloads.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MeldewegTestBase;
import de.meldeweg.support.Payloads;

/**
 * The city's safety rules end to end, with the real routes: WireMock stands in for the Graph API
 * and Zammad, GreenMail for the departments' and the complaint office's mailboxes. Runs on H2 and
 * PostgreSQL.
 */
abstract class SafetyScenarios extends MeldewegTestBase {

    static final GreenMail MAIL = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    static final WireMockServer EDGES = new WireMockServer(options().dynamicPort());
    static final String MESSAGES = "/v23.0/" + Fixtures.PHONE_NUMBER_ID + "/messages";
    static final String TICKETS = "/api/v1/tickets";
    static final String ADMIN_TOKEN = "admin-test-token";
    static final String REVIEW_MAILBOX = "pruefung@stadt-calw.example";
    static final int FLOOD_MESSAGES = 6;

    static {
        MAIL.start();
        EDGES.start();
    }

    static void edges(DynamicPropertyRegistry registry) {
        registry.add("meldeweg.whatsapp.api-base-url", () -> "http://localhost:" + EDGES.port() + "/v23.0");
        registry.add("meldeweg.whatsapp.access-token", () -> "EAAGtest-token");
        // The outbox poller looks only every 5 s: an emergency reply that arrives sooner came the direct way.
        registry.add("meldeweg.whatsapp.send-interval", () -> "5000");
        registry.add("meldeweg.mail.smtp.host", () -> "127.0.0.1");
        registry.add("meldeweg.mail.smtp.port", () -> MAIL.getSmtp().getPort());
        registry.add("meldeweg.mail.smtp.starttls", () -> "false");
        registry.add("meldeweg.case.grouping-window", () -> "PT1S");
        registry.add("meldeweg.case.assembly-interval", () -> "200");
        registry.add("meldeweg.delivery.interval", () -> "200");
        registry.add("meldeweg.admin.token", () -> ADMIN_TOKEN);
        registry.add("meldeweg.ticket.system", () -> "zammad");
        registry.add("meldeweg.ticket.base-url", () -> "http://127.0.0.1:" + EDGES.port());
        registry.add("meldeweg.ticket.token", () -> "zammad-test-token");
        registry.add("meldeweg.safety.review-mailbox", () -> REVIEW_MAILBOX);
        registry.add("meldeweg.safety.flood-messages", () -> String.valueOf(FLOOD_MESSAGES));
        registry.add("meldeweg.safety.flood-window", () -> "PT3S");
    }

    @BeforeEach
    void resetEdges() throws Exception {
        MAIL.purgeEmailFromAllMailboxes();
        EDGES.resetAll();
        EDGES.stubFor(post(MESSAGES).willReturn(okJson("{\"messaging_product\": \"whatsapp\", \"contacts\": [{\"input\": \"x\", "
                + "\"wa_id\": \"x\"}], \"messages\": [{\"id\": \"wamid.HBgNNDkxNTExMjM0NTY3OBUCABEYEjQ1\"}]}")));
        EDGES.stubFor(post(TICKETS).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": 4711, \"number\": \"31004711\"}")));
    }

    private List<ServeEvent> whatsAppRequests() {
        return EDGES.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().equals(MESSAGES)).toList();
    }

    private static List<MimeMessage> mailTo(String address) {
        return Arrays.stream(MAIL.getReceivedMessages()).filter(m -> recipients(m).contains(address)).toList();
    }

    private static String recipients(MimeMessage mail) {
        try {
            return Arrays.toString(mail.getAllRecipients());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theExplainerSaysWhyAndStoresNothing() throws Exception {
        URI explain = URI.create("http://localhost:" + port + "/admin/explain");
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(explain)
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"Die Laterne in der Badstraße ist kaputt, ihr Idioten. Und im Keller riecht es nach Gas!\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(answer.body()).contains("\"emergency\":true").contains("\"held\":true").contains("*idiot").contains("idioten")
                // an emergency goes to the general office, whatever object it names (ModelAssistedClassifier's first rule)
                .contains("\"category\":\"ALLGEMEIN\"").contains("\"categoryRule\":\"emergency\"").contains("beschwerdemanagement")
                .contains("\"classifier\":{\"emergency\":");

        HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(explain)
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "text/plain; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString("Im Stadtpark liegt überall Müll")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).contains("\"emergency\":false").contains("\"held\":false").contains("SAUBERKEIT")
                .contains("muell").contains("\"categoryRule\":\"keywords\"");

        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(explain).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("  ")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(explain)
                .POST(HttpRequest.BodyPublishers.ofString("Es brennt")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(explain).header("Authorization", "Bearer wrong-token")
                .POST(HttpRequest.BodyPublishers.ofString("Es brennt")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(count("SELECT COUNT(*) FROM report_case")).isZero();
        assertThat(count("SELECT COUNT(*) FROM outbound_message")).isZero();
    }

    private static String raw(MimeMessage mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> admin(String method, String query) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/review" + query))
                .header("Authorization", "Bearer " + ADMIN_TOKEN);
        request = "POST".equals(method) ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET();
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts an emergency as a citizen's first message; the time from the webhook's 200 to the reply at the Graph API. */
    private Duration emergencyReplyTime(String phone, String... messages) {
        HttpResponse<String> response = webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Greta Brandt",
                Arrays.stream(messages).map(m -> text(phone, newWamid(), m)).toArray(String[]::new)));
        Instant answered = Instant.now();
        assertThat(response.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> replyTo(phone) != null);
        ServeEvent reply = replyTo(phone);
        assertThat(reply.getRequest().getBodyAsString()).contains("110").contains("112");
        return Duration.between(answered, reply.getRequest().getLoggedDate().toInstant());
    }

    private ServeEvent replyTo(String phone) {
        return whatsAppRequests().stream().filter(e -> e.getRequest().getBodyAsString().contains("\"to\":\"" + phone + "\"")
                && e.getRequest().getBodyAsString().contains("112") && !e.getRequest().getBodyAsString().contains("Willkommen"))
                .findFirst().orElse(null);
    }

    @Test
    void anEmergencyIsAnsweredWithin1SecondAndForwardedUrgent() throws Exception {
        // The first one warms the service up (JIT, the HTTP connection to WhatsApp), as any running service is.
        // Two messages about the same accident: one reply.
        String phone = "4915112340010";
        Duration warmUp = emergencyReplyTime(phone, "Unfall an der Kreuzung Bahnhofstraße, ein Radfahrer ist verletzt",
                "Er blutet am Kopf, bitte schnell");
        List<Duration> measured = List.of(
                emergencyReplyTime("4915112340011", "Es brennt im Keller vom Haus Lederstraße 12, überall Rauch!"),
                emergencyReplyTime("4915112340012", "Hier riecht es ganz stark nach Gas im Treppenhaus"),
                emergencyReplyTime("4915112340013", "There is a fire in the building next to the church"));
        LoggerFactory.getLogger(SafetyScenarios.class).info("Emergency reply after the webhook's 200: warm-up {} ms, then {} ms",
                warmUp.toMillis(), measured.stream().map(d -> String.valueOf(d.toMillis())).toList());
        assertThat(measured).as("emergency replies after the webhook's 200").allSatisfy(d -> assertThat(d).isLessThan(Duration.ofSeconds(1)));

        // Every case goes to its department flagged urgent: mail header and subject, ticket priority and title.
        await().atMost(Duration.ofSeconds(20)).until(() -> MAIL.getReceivedMessages().length == 4);
        for (MimeMessage mail : MAIL.getReceivedMessages()) {
            assertThat(mail.getHeader("X-Meldeweg-Urgent")).containsExactly("true");
            assertThat(mail.getSubject()).contains("DRINGEND");
            assertThat(raw(mail)).doesNotContain("4915112340").doesNotContain("Greta");
        }
        assertThat(count("SELECT COUNT(*) FROM report_case WHERE urgent = TRUE")).isEqualTo(4);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> EDGES.verify(4, postRequestedFor(urlEqualTo(TICKETS))
                .withRequestBody(matchingJsonPath("$.priority", equalTo("3 high")))
                .withRequestBody(matchingJsonPath("$.title", containing("[DRINGEND] WK-")))));
        assertThat(count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'EMERGENCY_REPLY' AND citizen_id = ?",
                citizenByPhone(phone))).isEqualTo(1);
    }

    @Test
    void anOrdinaryReportGetsNoEmergencyReplyAndIsNotUrgent() throws Exception {
        String phone = "4915112340002";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Karl",
                text(phone, newWamid(), "Die Feuerwehrzufahrt am Schulzentrum ist schon wieder zugeparkt")));
        await().atMost(Duration.ofSeconds(20)).until(() -> MAIL.getReceivedMessages().length == 1);
        assertThat(count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'EMERGENCY_REPLY'")).isZero();
        assertThat(jdbc.queryForObject("SELECT urgent FROM report_case", Boolean.class)).isFalse();
        assertThat(MAIL.getReceivedMessages()[0].getHeader("X-Meldeweg-Urgent")).isNull();
    }

    @Test
    void anInsultNeverReachesADepartmentMailboxButTheComplaintOffice() throws Exception {
        String phone = "4915112340003";
        String concern = "Die Straßenlaterne in der Badstraße ist seit Wochen kaputt";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Horst Kaiser",
                text(phone, newWamid(), concern + ", ihr faulen A r s c h l ö c h e r. Ruft mich an: 0151 12340003")));

        await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(REVIEW_MAILBOX).size() == 1);
        String reference = jdbc.queryForObject("SELECT reference FROM report_case", String.class);
        MimeMessage review = mailTo(REVIEW_MAILBOX).get(0);
        String reviewText = raw(review);
        assertThat(review.getSubject()).contains(reference);
        assertThat(review.getHeader("X-Meldeweg-Review")).containsExactly("true");
        assertThat((String) review.getContent()).contains(concern).contains("[Telefonnummer entfernt]")
                .contains("/console/review").contains("/console/cases/" + reference);
        assertThat(reviewText).doesNotContain(phone).doesNotContain("12340003").doesNotContain("Horst").doesNotContain("Kaiser");

        // The department gets nothing, not by mail and not as a ticket, while the case waits.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> MAIL.getReceivedMessages().length == 1);
        assertThat(mailTo("strassenbeleuchtung@stadt-calw.example")).isEmpty();
        EDGES.verify(0, postRequestedFor(urlEqualTo(TICKETS)));
        assertThat(jdbc.queryForObject("SELECT state FROM report_case", String.class)).isEqualTo("REVIEW");
        assertThat(outboundBody("SELECT body FROM outbound_message WHERE purpose = 'RESPECT_NOTE'"))
                .contains("respektvoll").contains(reference);

        HttpResponse<String> list = admin("GET", "");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(reference).contains("Badstraße").contains("arschloch").doesNotContain(phone)
                .doesNotContain("Horst");
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/review"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

        // The complaint office releases it: it goes to the department as usual, with receipt.
        assertThat(admin("POST", "?release=" + reference).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> mailTo("strassenbeleuchtung@stadt-calw.example").size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'RECEIPT'") == 1);
        assertThat(admin("GET", "").body()).doesNotContain(reference);
        assertThat(admin("POST", "?release=" + reference).statusCode()).isEqualTo(404);
    }

    @Test
    void aDiscardedCaseIsClosedAndNeverForwarded() throws Exception {
        String phone = "4915112340004";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Udo",
                text(phone, newWamid(), "4rschl0ch!!! Ihr Vollidioten im Rathaus")));
        await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(REVIEW_MAILBOX).size() == 1);
        String reference = jdbc.queryForObject("SELECT reference FROM report_case", String.class);

        assertThat(admin("POST", "?discard=" + reference).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT state FROM report_case", String.class)).isEqualTo("CLOSED");
        assertThat(jdbc.queryForObject("SELECT closed_at FROM report_case", java.sql.Timestamp.class)).isNotNull();
        assertThat(jdbc.queryForObject("SELECT decision FROM case_review", String.class)).isEqualTo("DISCARDED");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> MAIL.getReceivedMessages().length == 1);
        EDGES.verify(0, postRequestedFor(urlEqualTo(TICKETS)));
        assertThat(admin("POST", "?discard=WK-2026-999999").statusCode()).isEqualTo(404);
        assertThat(admin("POST", "?discard=nonsense").statusCode()).isEqualTo(400);
    }

    @Test
    void aFlooderGetsExactlyOneNoticeAndTheFloodReachesTheDepartmentAsOneCase() {
        String phone = "4915112340005";
        int sent = FLOOD_MESSAGES + 4;
        for (int i = 1; i <= sent; i++) {
            assertThat(webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Fritz",
                    text(phone, newWamid(), "Der Mülleimer am Marktplatz quillt über, Nachricht " + i))).statusCode()).isEqualTo(200);
        }
        awaitIntakeIdle();
        long citizen = citizenByPhone(phone);
        // Nothing is lost, one notice, and while the flood lasts no case is made.
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE citizen_id = ?", citizen)).isEqualTo(sent);
        assertThat(count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'FLOOD_NOTICE'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM flood_throttle WHERE citizen_id = ?", citizen)).isEqualTo(1);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(2)).until(() -> count("SELECT COUNT(*) FROM report_case") == 0);

        await().atMost(Duration.ofSeconds(20)).until(() -> MAIL.getReceivedMessages().length == 1);
        assertThat(count("SELECT COUNT(*) FROM report_case")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE case_id IS NULL")).isZero();
        assertThat(count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'FLOOD_NOTICE'")).isEqualTo(1);
        assertThat(outboundBody("SELECT body FROM outbound_message WHERE purpose = 'FLOOD_NOTICE'"))
                .contains("3 Sekunden").doesNotContain("{{");
    }
}
