package de.meldeweg.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MeldewegTestBase;
import de.meldeweg.support.Payloads;
import de.meldeweg.support.Webhooks;

/**
 * The webhook under an overload, through the real server and route: platform-http stores a webhook
 * on the task executor while Tomcat's thread returns, so the cap on requests in flight must hold
 * until the answer is written. With the store slowed down (the database falling behind) and a
 * flood of signed webhooks at once, exactly the cap's number are admitted and the rest are answered
 * 429 with Retry-After within the body wait; every webhook answered 200 is stored once, nothing
 * answered 429 is stored, and all of them sent again, as Meta does, are stored once.
 */
@TestPropertySource(properties = {
        "meldeweg.webhook.requests-in-flight=" + WebhookOverloadOnH2Test.CAP,
        "meldeweg.webhook.body-wait=200ms"
})
class WebhookOverloadOnH2Test extends MeldewegTestBase {

    static final int CAP = 4;
    private static final int FLOOD = 40;

    @MockitoSpyBean(name = "webhookEvents")
    WebhookEventStore store;
    @Autowired
    WebhookBodyLimit limit;
    private final CountDownLatch databaseAnswers = new CountDownLatch(1);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:webhook-overload;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
    }

    @AfterEach
    void openTheDatabase() {
        databaseAnswers.countDown();
    }

    @Test
    void beyondTheCapWebhooksAreAnswered429AtOnceAndNothingAnswered200IsLost() throws Exception {
        doAnswer(call -> {
            databaseAnswers.await(30, TimeUnit.SECONDS);
            return call.callRealMethod();
        }).when(store).store(any());

        Webhooks flooder = flooder();
        List<String> sent = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            String body = statusWebhook();
            sent.add(body);
            answers.add(CompletableFuture.supplyAsync(() -> flooder.postSigned(body), flood));
        }
        // the refused ones are answered while the admitted ones still wait for the database
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> answers.stream().filter(CompletableFuture::isDone).count() >= FLOOD - CAP);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("after 15 s more than the cap of " + CAP + " requests still wait: " + outcomes(answers), e);
        }
        assertThat(outcomes(answers)).as("the refused ones answered 429, only the admitted ones wait for the database")
                .isEqualTo(Map.of("429", FLOOD - CAP, "waiting", CAP));
        assertThat(limit.requestsAvailable()).as("the admitted requests hold their places until answered").isZero();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            if (answers.get(i).isDone()) {
                HttpResponse<String> answer = answers.get(i).join();
                assertThat(answer.statusCode()).isEqualTo(429);
                assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
                refused.add(sent.get(i));
            }
        }
        assertThat(storedBodies()).as("nothing is stored before the database answers").isEmpty();

        databaseAnswers.countDown();
        Map<String, Integer> expected = new HashMap<>();
        for (int i = 0; i < FLOOD; i++) {
            if (!refused.contains(sent.get(i))) {
                assertThat(answers.get(i).get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                expected.put(sent.get(i), 1);
            }
        }
        assertThat(expected).hasSize(CAP);
        assertThat(storedBodies()).as("every webhook answered 200 is stored once, none answered 429").isEqualTo(expected);
        await().atMost(Duration.ofSeconds(5)).until(() -> limit.requestsAvailable() == CAP);

        // Meta sends the refused ones again: each is stored once
        for (String body : refused) {
            assertThat(webhooks.postSigned(body).statusCode()).isEqualTo(200);
            expected.put(body, 1);
        }
        assertThat(storedBodies()).isEqualTo(expected);
    }

    private final ExecutorService flood = Executors.newFixedThreadPool(FLOOD);

    /**
     * The flood's own client: plain HTTP/1.1 (the shared one asks each new connection for an upgrade
     * to HTTP/2), no connections left from other tests, and a timeout on each request, so that a
     * request never answered fails this test with what every request got instead of waiting forever.
     */
    private Webhooks flooder() {
        return new Webhooks(port, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build(), Duration.ofSeconds(40));
    }

    /** What each request of the flood got so far: its status, its failure, or still waiting. */
    private static Map<String, Integer> outcomes(List<CompletableFuture<HttpResponse<String>>> answers) {
        Map<String, Integer> counts = new TreeMap<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            String outcome = !answer.isDone() ? "waiting"
                    : answer.handle((response, failure) -> failure == null ? String.valueOf(response.statusCode())
                            : String.valueOf(failure.getCause() == null ? failure : failure.getCause())).join();
            counts.merge(outcome, 1, Integer::sum);
        }
        return counts;
    }

    @AfterEach
    void stopFlood() {
        flood.shutdownNow();
    }

    private Map<String, Integer> storedBodies() {
        Map<String, Integer> stored = new HashMap<>();
        for (byte[] sealed : jdbc.queryForList("SELECT body FROM webhook_event", byte[].class)) {
            stored.merge(new String(cipher.openBytes(sealed), StandardCharsets.UTF_8), 1, Integer::sum);
        }
        return stored;
    }

    private static String statusWebhook() {
        return Payloads.envelope(Payloads.change(Fixtures.PHONE_NUMBER_ID, null, List.of(),
                List.of(Payloads.status(Payloads.newWamid(), "delivered", "4915112345678"))));
    }
}
