package de.meldeweg.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import de.meldeweg.citizen.Sender;
import de.meldeweg.intake.IntakeMessages;
import de.meldeweg.support.EdgeServers;
import de.meldeweg.support.EdgesContext;
import de.meldeweg.support.Fixtures;
import de.meldeweg.support.Payloads;

/**
 * Our messages to citizens through the Graph API, with WireMock standing in for WhatsApp and
 * answering the way WhatsApp answers. Runs once on H2 and once on PostgreSQL, in the shared
 * {@link EdgesContext} of each database.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class WhatsAppSendingScenarios extends EdgesContext {

    static final String MESSAGES = "/v23.0/" + Fixtures.PHONE_NUMBER_ID + "/messages";
    /** The access token of {@link EdgesContext}'s Graph API ({@code meldeweg.whatsapp.max-attempts} is 3 there). */
    static final String TOKEN = EdgeServers.GRAPH_TOKEN;

    @Autowired
    OutboundMessages outbound;

    /** WhatsApp as each test stubs it: without the extension's "accept every message". */
    @BeforeEach
    void resetGraph() {
        graph().resetAll();
    }

    private long citizenWhoWroteAt(String phone, Instant lastMessage) {
        long id = citizens.findOrCreate(new Sender(phone, null, "Hanna", null), Instant.now());
        citizens.touchInbound(id, lastMessage);
        return id;
    }

    private Map<String, Object> row(long citizen) {
        return jdbc.queryForMap("SELECT * FROM outbound_message WHERE citizen_id = ?", citizen);
    }

    private static String accepted(String phone, String wamid) {
        return "{\"messaging_product\": \"whatsapp\", \"contacts\": [{\"input\": \"" + phone + "\", \"wa_id\": \"" + phone + "\"}], "
                + "\"messages\": [{\"id\": \"" + wamid + "\"}]}";
    }

    private static String error(int code, String message) {
        return "{\"error\": {\"message\": \"" + message + "\", \"type\": \"OAuthException\", \"code\": " + code + ", "
                + "\"error_data\": {\"messaging_product\": \"whatsapp\", \"details\": \"" + message + "\"}, \"fbtrace_id\": \"AbCdEf\"}}";
    }

    private void awaitState(long citizen, String state) {
        await().atMost(Duration.ofSeconds(15)).until(() -> state.equals(row(citizen).get("STATE")));
    }

    @Test
    void aHintGoesOutAsTheGraphApiExpectsItAndItsStatusesFollow() {
        String phone = "4915112345601";
        String wamid = Payloads.newWamid();
        graph().stubFor(post(MESSAGES).willReturn(okJson(accepted(phone, wamid))));
        long citizen = citizenWhoWroteAt(phone, Instant.now());
        outbound.enqueue(citizen, IntakeMessages.HINT_UNSUPPORTED, "Wir können leider nur Textnachrichten und Fotos bearbeiten.");

        awaitState(citizen, "SENT");
        graph().verify(1, postRequestedFor(urlEqualTo(MESSAGES))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"messaging_product\": \"whatsapp\", \"recipient_type\": \"individual\", "
                        + "\"to\": \"" + phone + "\", \"type\": \"text\", \"text\": {\"preview_url\": false, "
                        + "\"body\": \"Wir können leider nur Textnachrichten und Fotos bearbeiten.\"}}")));
        assertThat(row(citizen).get("MESSAGE_KEY")).isEqualTo(messageKey(wamid));

        webhooks.postSigned(Payloads.envelope(Payloads.change(Fixtures.PHONE_NUMBER_ID, null, List.of(),
                List.of(Payloads.status(wamid, "delivered", phone)))));
        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(row(citizen).get("DELIVERY_STATUS")));
    }

    /**
     * A claimed batch goes out on several senders (meldeweg.whatsapp.senders, 4), and each sender
     * records a message's outcome before it takes the next: at any moment, the messages WhatsApp
     * has received but that are not recorded as sent (those a crash would send a second time)
     * are at most one per sender, never the batch. Sampled while WhatsApp takes 300 ms per message.
     */
    @Test
    void aBatchGoesOutOnSeveralSendersWithAtMostOneUnrecordedMessageEach() {
        String prefix = "49151987650";
        graph().stubFor(post(MESSAGES).willReturn(okJson(accepted(prefix, Payloads.newWamid())).withFixedDelay(300)));
        List<Long> batch = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long citizen = citizenWhoWroteAt(prefix + String.format("%02d", i), Instant.now());
            batch.add(citizen);
            outbound.enqueue(citizen, "TEST", "Nachricht " + i);
        }
        String ours = batch.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow();
        AtomicInteger mostUnrecorded = new AtomicInteger();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            // received first: a message recorded meanwhile can only make the difference smaller
            int received = graph().countRequestsMatching(postRequestedFor(urlEqualTo(MESSAGES))
                    .withRequestBody(matchingJsonPath("$.to", matching(prefix + "[0-9]{2}"))).build()).getCount();
            int sent = count("SELECT COUNT(*) FROM outbound_message WHERE state = 'SENT' AND citizen_id IN (" + ours + ")");
            mostUnrecorded.accumulateAndGet(received - sent, Math::max);
            return sent == 12;
        });
        assertThat(mostUnrecorded.get()).as("messages received by WhatsApp but not recorded as sent, at most")
                .isBetween(2, 4);
        graph().verify(12, postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(matchingJsonPath("$.to", matching(prefix + "[0-9]{2}"))));
    }

    @Test
    void aCitizenKnownOnlyByUserIdIsAddressedByIt() {
        graph().stubFor(post(MESSAGES).willReturn(okJson(accepted("", Payloads.newWamid()))));
        long citizen = citizens.findOrCreate(new Sender(null, "DE.88776655443322", null, null), Instant.now());
        citizens.touchInbound(citizen, Instant.now());
        outbound.enqueue(citizen, "TEST", "Hallo");
        awaitState(citizen, "SENT");
        graph().verify(1, postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(matchingJsonPath("$.recipient", equalTo("DE.88776655443322"))));
    }

    @Test
    void outsideTheTwentyFourHourWindowNothingIsSentAndATemplateIsNeeded() {
        long citizen = citizenWhoWroteAt("4915112345602", Instant.now().minus(Duration.ofHours(25)));
        outbound.enqueue(citizen, "TEST", "Hallo");
        awaitState(citizen, "TEMPLATE_NEEDED");
        graph().verify(0, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void error131047MeansATemplateIsNeeded() {
        graph().stubFor(post(MESSAGES).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(error(131047, "Re-engagement message"))));
        long citizen = citizenWhoWroteAt("4915112345603", Instant.now());
        outbound.enqueue(citizen, "TEST", "Hallo");
        awaitState(citizen, "TEMPLATE_NEEDED");
        assertThat(row(citizen).get("LAST_ERROR")).asString().contains("131047");
    }

    @Test
    void error131026IsFinalAndNotRetried() throws Exception {
        graph().stubFor(post(MESSAGES).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(error(131026, "Message undeliverable"))));
        long citizen = citizenWhoWroteAt("4915112345604", Instant.now());
        outbound.enqueue(citizen, "TEST", "Hallo");
        awaitState(citizen, "FAILED");
        assertThat(row(citizen)).containsEntry("ERROR_CODE", 131026);
        // a wrong retry would arrive within half a second
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> graph().verify(1, postRequestedFor(urlEqualTo(MESSAGES))));
    }

    @Test
    void rateLimitsAndBrokenConnectionsAreRetriedUntilSent() {
        String phone = "4915112345605";
        graph().stubFor(post(MESSAGES).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(error(130429, "Rate limit hit"))).willSetStateTo("throttled"));
        graph().stubFor(post(MESSAGES).inScenario("flaky").whenScenarioStateIs("throttled")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("up"));
        graph().stubFor(post(MESSAGES).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(okJson(accepted(phone, Payloads.newWamid()))));
        long citizen = citizenWhoWroteAt(phone, Instant.now());
        outbound.enqueue(citizen, "TEST", "Hallo");
        awaitState(citizen, "SENT");
        graph().verify(3, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void serverErrorsAreRetriedAndAfterTheConfiguredAttemptsTheMessageFailsForGood() {
        graph().stubFor(post(MESSAGES).willReturn(aResponse().withStatus(500).withBody("{}")));
        long citizen = citizenWhoWroteAt("4915112345606", Instant.now());
        outbound.enqueue(citizen, "TEST", "Hallo");
        awaitState(citizen, "FAILED");
        assertThat(row(citizen).get("LAST_ERROR")).asString().startsWith("gave up after 3 attempts");
        graph().verify(3, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void aRejectedTokenIsReportedLoudlyAndTheMessageIsKept(CapturedOutput output) {
        graph().stubFor(post(MESSAGES).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody(error(190, "Error validating access token: Session has expired"))));
        long citizen = citizenWhoWroteAt("4915112345607", Instant.now());
        outbound.enqueue(citizen, "TEST", "Hallo");
        await().atMost(Duration.ofSeconds(15)).until(() -> Integer.valueOf(190).equals(row(citizen).get("ERROR_CODE")));
        assertThat(row(citizen).get("STATE")).isEqualTo("PENDING");
        assertThat(jdbc.queryForObject("SELECT next_attempt_at FROM outbound_message WHERE citizen_id = ?", Timestamp.class, citizen)
                .toInstant()).isAfter(Instant.now().plus(Duration.ofMinutes(4)));
        assertThat(output.getAll()).contains("ERROR").contains("meldeweg.whatsapp.access-token");
        assertThat(output.getAll()).doesNotContain(TOKEN).doesNotContain("4915112345607");
    }
}
