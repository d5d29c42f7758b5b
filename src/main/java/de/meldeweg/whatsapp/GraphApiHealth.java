package de.meldeweg.whatsapp;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.Exchange;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

import de.meldeweg.ops.ExternalSystemsHealth;

/**
 * Health of Meta's Graph API, as the last probe found it. The route whatsapp-graph-probe asks every
 * {@code meldeweg.whatsapp.health.interval} for our own number's id ({@code GET /{phone-number-id}?fields=id}
 * with the access token: no message, nothing billed) and hands the answer here; the console's
 * overview and {@code /actuator/health} read the kept result, so no page load calls Meta.
 * HTTP 200 is UP; an answer refusing the token (401, 403) or any other error, or no answer within
 * the timeout, is {@code DEGRADED} (replies wait in the WhatsApp outbox, nothing is lost). Without
 * a number and token the API is not used (replies go to the outbox folder), and health says so.
 * The answer's body is not kept: only the status code and the time.
 */
@Component("graphApiHealthIndicator")
public class GraphApiHealth implements HealthIndicator {

    private record Result(boolean up, String detail, Instant at) {
    }

    private final WhatsAppProperties whatsapp;
    private final Clock clock;
    private final AtomicReference<Result> last = new AtomicReference<>();

    public GraphApiHealth(WhatsAppProperties whatsapp, Clock clock) {
        this.whatsapp = whatsapp;
        this.clock = clock;
    }

    /** Whether the route probes at all: only with a number id and a token. */
    public boolean configured() {
        return whatsapp.sendingConfigured();
    }

    /** The probe's request: GET with the bearer token, only the id asked for; nothing of the timer's exchange goes along. */
    public void prepare(Exchange exchange) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(null);
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "fields=id");
        exchange.getMessage().setHeader("Authorization", "Bearer " + whatsapp.accessToken());
    }

    /** The Graph API answered: 200 is UP, anything else says what went wrong, by status code only. */
    public void answered(Exchange exchange) {
        Integer code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        int status = code == null ? 0 : code;
        String detail = switch (status) {
            case 200 -> "HTTP 200";
            case 401 -> "HTTP 401: the access token is not accepted (expired or revoked?)";
            case 403 -> "HTTP 403: the access token may not use this number";
            case 404 -> "HTTP 404: no such phone number id";
            default -> "HTTP " + status;
        };
        last.set(new Result(status == 200, detail, clock.instant()));
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(null);
    }

    /** No answer within meldeweg.whatsapp.health.timeout, or no connection: named by the kind of failure only. */
    public void unreachable(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String kind = failure == null ? "no answer" : failure.getClass().getSimpleName();
        boolean timeout = failure != null && (kind.contains("Timeout") || (failure.getCause() != null
                && failure.getCause().getClass().getSimpleName().contains("Timeout")));
        last.set(new Result(false, timeout ? "no answer within the timeout (" + kind + ")" : "not reachable (" + kind + ")", clock.instant()));
    }

    @Override
    public Health health() {
        if (!configured()) {
            return Health.up().withDetail("configured", false).withDetail("mode", "outbox files (outbox/whatsapp)").build();
        }
        Result result = last.get();
        if (result == null) {
            return Health.unknown().withDetail("checked", "not yet (the first probe runs shortly after the start)").build();
        }
        Status status = result.up() ? Status.UP : ExternalSystemsHealth.DEGRADED;
        return Health.status(status).withDetail("target", "Graph API").withDetail("checked", result.detail())
                .withDetail("checkedAt", result.at().toString()).build();
    }
}
