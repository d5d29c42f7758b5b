package de.meldeweg.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import de.meldeweg.citizen.Sender;
import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MeldewegTestBase;

/**
 * The Graph API's limits, kept by queueing: at most 5 messages a second here (80 in production)
 * and one message per citizen a second here (6 s in production). Every message still goes out,
 * in order. Measured by the times the limits count in the table (each message's answer) and the
 * arrival times at WireMock.
 */
class WhatsAppRateLimitTest extends MeldewegTestBase {

    static final WireMockServer GRAPH = new WireMockServer(options().dynamicPort());
    static final String MESSAGES = "/v23.0/" + Fixtures.PHONE_NUMBER_ID + "/messages";

    static {
        GRAPH.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:ratelimit;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("meldeweg.whatsapp.api-base-url", () -> "http://localhost:" + GRAPH.port() + "/v23.0");
        registry.add("meldeweg.whatsapp.access-token", () -> "EAAGrate-token");
        registry.add("meldeweg.whatsapp.rate-per-second", () -> "5");
        registry.add("meldeweg.whatsapp.per-citizen-interval", () -> "PT1S");
        registry.add("meldeweg.whatsapp.send-batch", () -> "50");
        registry.add("meldeweg.whatsapp.send-interval", () -> "50");
    }

    @Autowired
    OutboundMessages outbound;

    @Autowired
    WhatsAppProperties settings;

    @Autowired
    TransactionTemplate transaction;

    @BeforeEach
    void graph() {
        GRAPH.resetAll();
        GRAPH.stubFor(post(MESSAGES).willReturn(okJson("{\"messaging_product\": \"whatsapp\", \"messages\": [{\"id\": \"wamid.rate\"}]}")));
    }

    @AfterAll
    static void stop() {
        GRAPH.stop();
    }

    private long citizen(String phone) {
        long id = citizens.findOrCreate(new Sender(phone, null, null, null), Instant.now());
        citizens.touchInbound(id, Instant.now());
        return id;
    }

    private List<Instant> arrivals() {
        return GRAPH.getAllServeEvents().stream().map(ServeEvent::getRequest).map(r -> r.getLoggedDate().toInstant())
                .sorted().toList();
    }

    @Test
    void aBurstIsSpreadOverSecondsAndNothingIsDropped() {
        for (int i = 0; i < 15; i++) {
            outbound.enqueue(citizen("49151220000" + String.format("%02d", i)), "TEST", "Nachricht " + i);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM outbound_message WHERE state = 'SENT'") == 15);

        // attempted_at: the time the limits count for each message (WhatsApp's answer)
        List<Instant> counted = jdbc.queryForList("SELECT attempted_at FROM outbound_message ORDER BY attempted_at", Timestamp.class)
                .stream().map(Timestamp::toInstant).toList();
        for (Instant at : counted) {
            long inTheSecondBefore = counted.stream().filter(c -> !c.isAfter(at) && c.isAfter(at.minusSeconds(1))).count();
            assertThat(inTheSecondBefore).as("messages counted in the second up to %s", at).isLessThanOrEqualTo(5);
        }
        List<Instant> arrivals = arrivals();
        assertThat(arrivals).hasSize(15);
        // At WireMock, where WhatsApp's limits count: the limits count each message from its
        // answer, which comes after its arrival, so however long the way there took no later
        // message arrives sooner than the limits allow (WireMock logs milliseconds: 10 ms spare).
        for (Instant arrival : arrivals) {
            assertThat(arrivals.stream().filter(a -> !a.isBefore(arrival) && a.isBefore(arrival.plusMillis(990))).count())
                    .as("arrivals in the 0.99 s from %s", arrival).isLessThanOrEqualTo(5);
        }
        assertThat(Duration.between(arrivals.get(0), arrivals.get(14))).isGreaterThanOrEqualTo(Duration.ofMillis(1990));
    }

    @Test
    void messagesToOneCitizenKeepTheirDistanceAndTheirOrder() {
        long citizen = citizen("4915122000099");
        for (String text : List.of("eins", "zwei", "drei")) {
            outbound.enqueue(citizen, "TEST", text);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> count("SELECT COUNT(*) FROM outbound_message WHERE state = 'SENT'") == 3);

        List<ServeEvent> events = new ArrayList<>(GRAPH.getAllServeEvents());
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        assertThat(events).extracting(e -> e.getRequest().getBodyAsString().replaceAll(".*\"body\":\"([a-z]+)\".*", "$1"))
                .containsExactly("eins", "zwei", "drei");
        List<Instant> counted = jdbc.queryForList("SELECT attempted_at FROM outbound_message ORDER BY id", Timestamp.class)
                .stream().map(Timestamp::toInstant).toList();
        for (int i = 1; i < counted.size(); i++) {
            assertThat(Duration.between(counted.get(i - 1), counted.get(i))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
        List<Instant> arrivals = arrivals();
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(Duration.between(arrivals.get(i - 1), arrivals.get(i))).isGreaterThanOrEqualTo(Duration.ofMillis(990));
        }
    }

    /**
     * A claimed batch is sent on several threads, so a claim takes at most one message per citizen,
     * the oldest; the next waits for the next claim. Without a per-citizen interval that alone keeps
     * a receipt before the answer that follows it. The claims here run two hours ahead, on rows
     * written for then, so the service's own sender leaves them alone.
     */
    @Test
    void aClaimTakesOneMessagePerCitizenTheOldestFirst() {
        WhatsAppProperties noInterval = WhatsAppSettings.from(settings).perCitizenInterval(Duration.ZERO).build();
        OutboundMessages later = new OutboundMessages(jdbc, Clock.offset(Clock.systemUTC(), Duration.ofHours(2)), cipher, noInterval);
        long hanna = citizen("4915122000071");
        long jonas = citizen("4915122000072");
        long receipt = later.enqueueReturningId(hanna, "RECEIPT", "Ihre Meldung ist angekommen");
        long answer = later.enqueueReturningId(hanna, "ANSWER", "Die Stadt antwortet");
        long other = later.enqueueReturningId(jonas, "RECEIPT", "Ihre Meldung ist angekommen");

        assertThat(claim(later)).containsExactly(receipt, other);
        assertThat(claim(later)).as("the answer waits while the receipt is in flight").isEmpty();
        later.markSent(receipt, null, true, null);
        assertThat(claim(later)).containsExactly(answer);
    }

    private List<Long> claim(OutboundMessages messages) {
        return transaction.execute(status -> messages.claimDue());
    }
}
