package de.meldeweg.ops;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counts webhook POSTs by the answer they got: 200 is received (stored), 401 a missing
 * signature, 403 an invalid one, 413 too large, 429 no room for more bodies in flight, 400 an empty body, 5xx not stored. Reads the status once the answer
 * is complete (platform-http answers asynchronously), so the webhook route, the signature check
 * and the body limit stay as they are. Times the stored ones from this filter to the complete answer
 * ({@code meldeweg.webhook.answer}): the ack Meta waits for, less the network.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class WebhookMetrics extends OncePerRequestFilter {

    static final String PATH = "/webhooks/whatsapp";

    private final Counter received;
    private final Counter signatureMissing;
    private final Counter signatureInvalid;
    private final Counter tooLarge;
    private final Counter storeFailed;
    private final Counter emptyBody;
    private final Counter busy;
    private final Counter other;
    private final Timer answer;

    public WebhookMetrics(MeterRegistry registry) {
        this.received = Counter.builder("meldeweg.webhooks.received")
                .description("Webhook POSTs answered 200: validly signed and stored").register(registry);
        this.signatureMissing = rejected(registry, "signature_missing");
        this.signatureInvalid = rejected(registry, "signature_invalid");
        this.tooLarge = rejected(registry, "too_large");
        this.storeFailed = rejected(registry, "store_failed");
        this.emptyBody = rejected(registry, "empty_body");
        this.busy = rejected(registry, "busy");
        this.other = rejected(registry, "other");
        this.answer = histogram("meldeweg.webhook.answer",
                "Per stored webhook: from the server's first filter until its 200 is written", registry);
    }

    /** Buckets from 1 ms to 30 s (the webhook store's own limit), so percentiles can be taken over any window. */
    public static Timer histogram(String name, String description, MeterRegistry registry) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    }

    private static Counter rejected(MeterRegistry registry, String reason) {
        return Counter.builder("meldeweg.webhooks.rejected").tag("reason", reason)
                .description("Webhook POSTs not stored, by reason").register(registry);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !PATH.equals(request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            storeFailed.increment();
            throw e;
        }
        if (request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    count(((HttpServletResponse) event.getSuppliedResponse()).getStatus(), start);
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                }

                @Override
                public void onError(AsyncEvent event) {
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                }
            });
        } else {
            count(response.getStatus(), start);
        }
    }

    void count(int status, long startNanos) {
        switch (status) {
            case 200 -> {
                received.increment();
                answer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
            }
            case 400 -> emptyBody.increment();
            case 401 -> signatureMissing.increment();
            case 403 -> signatureInvalid.increment();
            case 413 -> tooLarge.increment();
            case 429 -> busy.increment();
            default -> (status >= 500 ? storeFailed : other).increment();
        }
    }
}
