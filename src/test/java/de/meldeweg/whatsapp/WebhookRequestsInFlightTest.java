package de.meldeweg.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/**
 * {@code meldeweg.webhook.requests-in-flight}: with the cap's number of webhook requests being
 * stored, one more is refused with 429 and Retry-After without being read or passed on, and every
 * request that was let in reaches the route with its exact body once the store answers.
 */
class WebhookRequestsInFlightTest {

    private static final int CAP = 3;
    private static final String SIGNATURE = "sha256=" + "ab".repeat(32);

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aRequestBeyondTheCapIsRefusedAndEveryAdmittedOneIsStored() throws Exception {
        WebhookBodyLimit limit = new WebhookBodyLimit(whatsApp(), new WebhookProperties(
                DataSize.ofMegabytes(32), Duration.ofMillis(200), 1, 256, CAP));
        CountDownLatch storeAnswers = new CountDownLatch(1);
        Map<String, Integer> stored = new ConcurrentHashMap<>();
        // the route: stores the body it was handed (and waits for the database, here until released)
        FilterChain route = (request, response) -> {
            String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                storeAnswers.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stored.merge(body, 1, Integer::sum);
            ((jakarta.servlet.http.HttpServletResponse) response).setStatus(200);
        };

        List<Future<MockHttpServletResponse>> admitted = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            String body = webhook(i);
            admitted.add(threads.submit(() -> post(limit, route, body)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> limit.requestsAvailable() == 0);

        MockHttpServletResponse refused = post(limit, route, webhook(99));
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getHeader("Connection")).isEqualTo("close");
        assertThat(refused.getContentAsString()).isEqualTo("Busy, please retry");
        assertThat(stored).as("nothing of the refused request is stored").isEmpty();

        storeAnswers.countDown();
        for (Future<MockHttpServletResponse> response : admitted) {
            assertThat(response.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        }
        Map<String, Integer> expected = new java.util.HashMap<>();
        for (int i = 0; i < CAP; i++) {
            expected.put(webhook(i), 1);
        }
        assertThat(stored).as("every admitted webhook stored once, with its exact body").isEqualTo(expected);
        assertThat(limit.requestsAvailable()).isEqualTo(CAP);
        assertThat(limit.bytesAvailable()).isEqualTo((int) DataSize.ofMegabytes(32).toBytes());

        // the place is free again: the refused webhook, sent again as Meta does, is stored
        assertThat(post(limit, route, webhook(99)).getStatus()).isEqualTo(200);
        assertThat(stored).containsEntry(webhook(99), 1);
    }

    @Test
    void anAsynchronousRequestKeepsItsPlaceUntilItsAnswerIsComplete() throws Exception {
        WebhookBodyLimit limit = new WebhookBodyLimit(whatsApp(), new WebhookProperties(
                DataSize.ofMegabytes(32), Duration.ofMillis(100), 1, 256, 1));
        List<jakarta.servlet.AsyncContext> storing = new ArrayList<>();
        // the route as platform-http runs it: the exchange goes to the task executor, the server's thread returns
        FilterChain route = (request, response) -> storing.add(request.startAsync(request, response));

        MockHttpServletResponse first = post(limit, route, webhook(1), true);
        assertThat(storing).hasSize(1);
        assertThat(limit.requestsAvailable()).as("the filter returned, the request is still being stored").isZero();
        assertThat(post(limit, route, webhook(2), true).getStatus()).isEqualTo(429);

        ((jakarta.servlet.http.HttpServletResponse) storing.get(0).getResponse()).setStatus(200);
        storing.get(0).complete();
        assertThat(first.getStatus()).isEqualTo(200);
        assertThat(limit.requestsAvailable()).isEqualTo(1);
        assertThat(limit.bytesAvailable()).isEqualTo((int) DataSize.ofMegabytes(32).toBytes());
        post(limit, route, webhook(2), true);
        assertThat(storing).as("the webhook sent again is admitted").hasSize(2);
    }

    private static MockHttpServletResponse post(WebhookBodyLimit limit, FilterChain route, String body) throws Exception {
        return post(limit, route, body, false);
    }

    private static MockHttpServletResponse post(WebhookBodyLimit limit, FilterChain route, String body, boolean async) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", WebhookBodyLimit.PATH);
        request.setServletPath(WebhookBodyLimit.PATH);
        request.addHeader(WebhookSignature.HEADER, SIGNATURE);
        request.setContentType("application/json");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        request.setAsyncSupported(async);
        MockHttpServletResponse response = new MockHttpServletResponse();
        limit.doFilter(request, response, route);
        return response;
    }

    private static String webhook(int i) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + i + "\"}]}";
    }

    private static WhatsAppProperties whatsApp() {
        return WhatsAppSettings.defaults().build();
    }
}
