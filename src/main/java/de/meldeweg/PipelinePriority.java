package de.meldeweg;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.springframework.stereotype.Component;

/**
 * The webhook goes first: the threads that work the pipeline in the background (routes started by
 * a timer, Quartz or a mailbox poll, and the thread pools their parallel splits run on: intake,
 * case assembly and enrichment, deliveries, the WhatsApp outbox, replies, the purge) run at the
 * lowest Java thread priority, the web server's threads at the normal one. During a burst the
 * pipeline then takes the CPU the webhook leaves over instead of the webhook's: Meta wants its
 * answers fast, the pipeline may fall behind and catches up afterwards.
 *
 * <p>Java priorities reach the operating system only with {@code -XX:ThreadPriorityPolicy=1} (on
 * Linux the lowest Java priority then becomes nice 4, or e.g. nice 10 with
 * {@code -XX:JavaPriority1_To_OSPriority=10}; lowering needs no privilege); without it this changes
 * nothing. See docs/performance-rounds.md, "Pipeline cost per report".
 */
@Component
public class PipelinePriority implements RoutePolicyFactory {

    /** Consumers that start background work; HTTP requests (webhook, console, admin) keep their priority. */
    private static final Set<String> BACKGROUND = Set.of("timer", "quartz", "scheduler", "imap", "imaps", "pop3", "pop3s", "file");

    /** Per consumer endpoint: whether it starts background work (looked up once, not per exchange). */
    private final Map<Endpoint, Boolean> background = new ConcurrentHashMap<>();

    private final RoutePolicy policy = new RoutePolicySupport() {
        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            // A pipeline thread is lowered once; after that every exchange on it costs one comparison.
            if (Thread.currentThread().getPriority() != Thread.MIN_PRIORITY && isBackground(exchange.getFromEndpoint())) {
                Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
            }
        }
    };

    /** Whether exchanges from this consumer endpoint are background work (timer, Quartz, mailbox or file poll). */
    boolean isBackground(Endpoint from) {
        return from != null && background.computeIfAbsent(from, e -> BACKGROUND.contains(e.getEndpointBaseUri().split(":", 2)[0]));
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return policy;
    }
}
