package de.meldeweg.ops;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * Metrics derived from the state of the tables (how many messages, cases, deliveries in which
 * state, how long the oldest one waits) and from Camel's own route statistics. The counts are
 * read by the route {@code ops-metrics} every {@code meldeweg.metrics.refresh-interval}, not on
 * every scrape, so a scraper costs the database nothing. Being derived from the tables, they
 * agree across instances and survive restarts; they count what is stored now (the purge removes
 * rows, so they can go down).
 */
@Component("operationsMetrics")
public class OperationsMetrics {

    /** The outboxes whose backlog and oldest waiting item are reported. */
    private static final List<String> QUEUES = List.of("intake", "delivery", "whatsapp");

    private final JdbcTemplate jdbc;
    private final MeterRegistry registry;
    private final CamelContext camel;
    private final Clock clock;

    private final MultiGauge events;
    private final MultiGauge messages;
    private final MultiGauge cases;
    private final MultiGauge deliveries;
    private final MultiGauge deadLetters;
    private final MultiGauge whatsapp;
    private final Map<String, Double> backlog = new ConcurrentHashMap<>();
    private final Map<String, Double> oldestAge = new ConcurrentHashMap<>();
    private final Set<String> routesWithMeters = ConcurrentHashMap.newKeySet();
    /** Gauges hold their values weakly: the values of the last reading are kept here. */
    private volatile List<Object> lastReading = List.of();
    private List<Object> reading = new ArrayList<>();

    public OperationsMetrics(JdbcTemplate jdbc, MeterRegistry registry, CamelContext camel, Clock clock) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.camel = camel;
        this.clock = clock;
        this.events = MultiGauge.builder("meldeweg.webhook.events").description("Stored webhook events by intake state").register(registry);
        this.messages = MultiGauge.builder("meldeweg.inbound.messages").description("Stored citizen messages by type").register(registry);
        this.cases = MultiGauge.builder("meldeweg.cases").description("Cases by state, category and department").register(registry);
        this.deliveries = MultiGauge.builder("meldeweg.deliveries").description("Deliveries to departments by channel and state").register(registry);
        this.deadLetters = MultiGauge.builder("meldeweg.dead.letters").description("Deliveries and cases (channel case) that gave up, waiting for an admin").register(registry);
        this.whatsapp = MultiGauge.builder("meldeweg.whatsapp.outbound").description("Our WhatsApp messages by purpose and state").register(registry);
        for (String queue : QUEUES) {
            backlog.put(queue, 0.0);
            oldestAge.put(queue, 0.0);
            Gauge.builder("meldeweg.retry.backlog", backlog, m -> m.getOrDefault(queue, 0.0)).tag("queue", queue)
                    .description("Items waiting for another attempt after a failure").register(registry);
            Gauge.builder("meldeweg.oldest.undelivered.age", oldestAge, m -> m.getOrDefault(queue, 0.0)).tag("queue", queue)
                    .baseUnit("seconds").description("Age of the oldest item not yet done (0 when none waits)").register(registry);
        }
    }

    /**
     * Reads the counts from the database and registers meters for routes that are new. One
     * reading at a time, so an older reading never overwrites a newer one.
     */
    public synchronized void refresh() {
        reading = new ArrayList<>();
        events.register(rows("SELECT state, COUNT(*) FROM webhook_event GROUP BY state", "state"), false);
        messages.register(rows("SELECT type, accepted, COUNT(*) FROM inbound_message GROUP BY type, accepted", "type", "accepted"), false);
        cases.register(rows("SELECT state, category_code, dept_key, COUNT(*) FROM report_case GROUP BY state, category_code, dept_key",
                "state", "category", "department"), false);
        deliveries.register(rows("SELECT channel, state, COUNT(*) FROM delivery GROUP BY channel, state", "channel", "state"), false);
        deadLetters.register(rows("SELECT channel, COUNT(*) FROM delivery WHERE state = 'DEAD' GROUP BY channel "
                + "UNION ALL SELECT 'CASE', COUNT(*) FROM report_case WHERE state = 'DEAD' HAVING COUNT(*) > 0", "channel"), false);
        whatsapp.register(rows("SELECT purpose, state, COUNT(*) FROM outbound_message GROUP BY purpose, state", "purpose", "state"), false);

        backlog.put("intake", count("SELECT COUNT(*) FROM webhook_event WHERE state = 'RECEIVED' AND attempts > 0"));
        backlog.put("delivery", count("SELECT COUNT(*) FROM delivery WHERE state IN ('PENDING', 'SENDING') AND attempts > 0"));
        backlog.put("whatsapp", count("SELECT COUNT(*) FROM outbound_message WHERE state IN ('PENDING', 'SENDING') AND attempts > 0"));
        oldestAge.put("intake", age("SELECT MIN(received_at) FROM webhook_event WHERE state = 'RECEIVED'"));
        oldestAge.put("delivery", age("SELECT MIN(created_at) FROM delivery WHERE state IN ('PENDING', 'SENDING')"));
        oldestAge.put("whatsapp", age("SELECT MIN(created_at) FROM outbound_message WHERE state IN ('PENDING', 'SENDING')"));

        lastReading = reading;
        for (Route route : camel.getRoutes()) {
            if (routesWithMeters.add(route.getRouteId())) {
                registerRoute(route.getRouteId());
            }
        }
    }

    /**
     * The latest count per query and tags. Rows read it through a function and are registered
     * without overwriting, so a series that stays is never removed and re-added: a scrape during a
     * refresh sees the previous or the new count, never a missing series.
     */
    private final Map<String, Long> latest = new ConcurrentHashMap<>();

    private List<MultiGauge.Row<?>> rows(String sql, String... tags) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        jdbc.query(sql, rs -> {
            String[] pairs = new String[tags.length * 2];
            for (int i = 0; i < tags.length; i++) {
                Object raw = rs.getObject(i + 1);
                // PostgreSQL hands booleans out as "t"/"f" when asked for a string
                String value = raw == null ? null : raw instanceof Boolean b ? b.toString() : raw.toString();
                pairs[2 * i] = tags[i];
                pairs[2 * i + 1] = value == null ? "none" : value.toLowerCase(java.util.Locale.ROOT);
            }
            Long value = rs.getLong(tags.length + 1);
            reading.add(value);
            Tags series = Tags.of(pairs);
            String key = sql + series;
            latest.put(key, value);
            rows.add(MultiGauge.Row.of(series, latest, counts -> counts.getOrDefault(key, 0L)));
        });
        return rows;
    }

    private double count(String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }

    private double age(String sql) {
        Timestamp oldest = jdbc.queryForObject(sql, Timestamp.class);
        if (oldest == null) {
            return 0;
        }
        Duration age = Duration.between(oldest.toInstant(), clock.instant());
        return Math.max(0, age.toMillis() / 1000.0);
    }

    private void registerRoute(String routeId) {
        Map<String, ToDoubleFunction<ManagedRouteMBean>> counters = new HashMap<>();
        counters.put("completed", ManagedRouteMBean::getExchangesCompleted);
        counters.put("failed", ManagedRouteMBean::getExchangesFailed);
        counters.forEach((result, read) -> FunctionCounter.builder("camel.route.exchanges", routeId, id -> read(id, read))
                .tag("route", routeId).tag("result", result).description("Exchanges a route finished, by result").register(registry));
        FunctionCounter.builder("camel.route.processing.time", routeId, id -> read(id, ManagedRouteMBean::getTotalProcessingTime) / 1000.0)
                .tag("route", routeId).baseUnit("seconds").description("Total processing time of a route's exchanges").register(registry);
        Gauge.builder("camel.route.exchanges.inflight", routeId, id -> read(id, ManagedRouteMBean::getExchangesInflight))
                .tag("route", routeId).description("Exchanges a route is working on").register(registry);
        Gauge.builder("camel.route.processing.max", routeId, id -> read(id, ManagedRouteMBean::getMaxProcessingTime) / 1000.0)
                .tag("route", routeId).baseUnit("seconds").description("Longest processing time of one exchange").register(registry);
    }

    private double read(String routeId, ToDoubleFunction<ManagedRouteMBean> read) {
        ManagedCamelContext managed = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        ManagedRouteMBean route = managed == null ? null : managed.getManagedRoute(routeId);
        return route == null ? 0 : read.applyAsDouble(route);
    }
}
