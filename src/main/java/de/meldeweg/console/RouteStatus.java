package de.meldeweg.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * The routes page: every Camel route with its state and counters from Camel's management API
 * ({@link ManagedCamelContext}), the time and message of its last failure, and start/stop. The
 * failure message is the exception's type and text (systems and codes), with long digit runs
 * masked, so a number that slipped into an exception text is not shown.
 */
@Component
public class RouteStatus extends EventNotifierSupport {

    private final CamelContext camel;
    private final Map<String, Failure> lastFailures = new ConcurrentHashMap<>();

    public RouteStatus(CamelContext camel) {
        this.camel = camel;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        camel.getManagementStrategy().addEventNotifier(this);
        org.apache.camel.support.service.ServiceHelper.startService(this);
    }

    record Failure(Instant at, String message) {
    }

    public record Route(String id, String status, boolean started, long exchanges, long failed, long inflight, Instant lastFailureAt,
                        String lastFailure, String endpoint) {
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeFailedEvent failed) {
            Exchange exchange = failed.getExchange();
            String routeId = exchange.getFromRouteId();
            if (routeId != null) {
                Throwable cause = exchange.getException();
                String message = cause == null ? "" : cause.getClass().getSimpleName() + ": " + String.valueOf(cause.getMessage());
                message = message.replaceAll("\\d{6,}", "…").replaceAll("\\s+", " ");
                lastFailures.put(routeId, new Failure(Instant.now(), message.length() > 300 ? message.substring(0, 300) : message));
            }
        }
    }

    public List<Route> routes() {
        ManagedCamelContext managed = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        List<Route> routes = new ArrayList<>();
        for (org.apache.camel.Route route : camel.getRoutes()) {
            String id = route.getRouteId();
            ServiceStatus status = camel.getRouteController().getRouteStatus(id);
            ManagedRouteMBean mbean = managed == null ? null : managed.getManagedRoute(id);
            Failure failure = lastFailures.get(id);
            Instant lastFailureAt = failure != null ? failure.at()
                    : mbean != null && mbean.getLastExchangeFailureTimestamp() != null ? mbean.getLastExchangeFailureTimestamp().toInstant() : null;
            routes.add(new Route(id, status == null ? "?" : status.name(), status != null && status.isStarted(),
                    mbean == null ? 0 : mbean.getExchangesTotal(), mbean == null ? 0 : mbean.getExchangesFailed(),
                    mbean == null ? 0 : mbean.getExchangesInflight(), lastFailureAt, failure == null ? null : failure.message(),
                    route.getEndpoint().getEndpointBaseUri().replaceAll("\\?.*", "")));
        }
        routes.sort(Comparator.comparing(Route::id));
        return routes;
    }

    public boolean exists(String routeId) {
        return camel.getRoute(routeId) != null;
    }

    public void stop(String routeId) throws Exception {
        camel.getRouteController().stopRoute(routeId);
    }

    public void start(String routeId) throws Exception {
        camel.getRouteController().startRoute(routeId);
    }
}
