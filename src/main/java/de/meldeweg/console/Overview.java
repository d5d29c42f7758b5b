package de.meldeweg.console;

import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Clock;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The overview page: reports today and this week, what waits at each stage, the health of the
 * outside systems (the same indicators {@code /actuator/health} uses; the Graph API's is the last
 * answer of the probe route whatsapp-graph-probe) and the latest errors.
 * Counts only; error texts are those the delivery and sending code stored, which name systems and
 * codes, never citizens.
 */
@Component
public class Overview {

    private static final List<String> SYSTEMS = List.of("smtpHealthIndicator", "imapHealthIndicator", "ticketSystemHealthIndicator",
            "graphApiHealthIndicator", "whatsappHealthIndicator");

    private final JdbcTemplate jdbc;
    private final Map<String, HealthIndicator> indicators;
    private final RouteStatus routes;
    private final ConsoleTime time;
    private final Clock clock;

    public Overview(JdbcTemplate jdbc, Map<String, HealthIndicator> indicators, RouteStatus routes, ConsoleTime time, Clock clock) {
        this.jdbc = jdbc;
        this.indicators = indicators;
        this.routes = routes;
        this.time = time;
        this.clock = clock;
    }

    public record SystemHealth(String name, String status, boolean up) {
    }

    public record Problem(Instant at, String when, String where, String reference, String error) {
    }

    public Map<String, Integer> reports() {
        LocalDate today = LocalDate.now(clock.withZone(time.zone()));
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("today", since(today));
        counts.put("week", since(today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))));
        return counts;
    }

    private int since(LocalDate day) {
        return count("SELECT COUNT(*) FROM report_case WHERE created_at >= ?", Timestamp.from(day.atStartOfDay(time.zone()).toInstant()));
    }

    /**
     * Counts above this are shown as "more than": a queue of hundreds of thousands (an outage) would
     * otherwise cost every poll of the overview a full count while the service is busiest.
     */
    public static final int BACKLOG_CAP = 10_000;

    /** A stage's queue: its length, or {@link #BACKLOG_CAP} and {@code more} when it is longer. */
    public record Queue(int count, boolean more) {
    }

    /** What waits, stage by stage (message keys of messages.properties -> queue). */
    public Map<String, Queue> backlog() {
        Map<String, Queue> backlog = new LinkedHashMap<>();
        backlog.put("backlog.events", queue("webhook_event WHERE state = 'RECEIVED'"));
        backlog.put("backlog.assembled", queue("report_case WHERE state = 'ASSEMBLED'"));
        backlog.put("backlog.review", queue("report_case WHERE state = 'REVIEW'"));
        backlog.put("backlog.deliveries", queue("delivery WHERE state IN ('PENDING', 'SENDING')"));
        backlog.put("backlog.dead", queue("delivery WHERE state = 'DEAD'"));
        backlog.put("backlog.whatsapp", queue("outbound_message WHERE state IN ('PENDING', 'SENDING', 'TEMPLATE_NEEDED')"));
        backlog.put("backlog.whatsappFailed", queue("outbound_message WHERE state = 'FAILED'"));
        return backlog;
    }

    /** Reads at most one row more than the cap. */
    private Queue queue(String rows) {
        int n = count("SELECT COUNT(*) FROM (SELECT 1 FROM " + rows + " FETCH FIRST " + (BACKLOG_CAP + 1) + " ROWS ONLY) q");
        return n > BACKLOG_CAP ? new Queue(BACKLOG_CAP, true) : new Queue(n, false);
    }

    public List<SystemHealth> systems() {
        List<SystemHealth> systems = new ArrayList<>();
        for (String name : SYSTEMS) {
            HealthIndicator indicator = indicators.get(name);
            if (indicator != null) {
                Health health = indicator.health(false);
                String status = health == null ? "UNKNOWN" : health.getStatus().getCode();
                systems.add(new SystemHealth(name.replace("HealthIndicator", ""), status, "UP".equals(status)));
            }
        }
        return systems;
    }

    public List<Problem> lastErrors() {
        List<Problem> problems = new ArrayList<>();
        jdbc.query("SELECT d.next_attempt_at, d.channel, c.reference, d.last_error FROM delivery d JOIN report_case c ON c.id = d.case_id "
                + "WHERE d.last_error IS NOT NULL ORDER BY d.next_attempt_at DESC FETCH FIRST 10 ROWS ONLY", rs -> {
            Instant at = rs.getTimestamp(1).toInstant();
            problems.add(new Problem(at, time.format(at), rs.getString(2), rs.getString(3), rs.getString(4)));
        });
        jdbc.query("SELECT recorded_at, source, code, title FROM whatsapp_error ORDER BY recorded_at DESC FETCH FIRST 10 ROWS ONLY", rs -> {
            Instant at = rs.getTimestamp(1).toInstant();
            problems.add(new Problem(at, time.format(at), "WhatsApp " + rs.getString(2), null, rs.getString(3) + " " + rs.getString(4)));
        });
        for (RouteStatus.Route route : routes.routes()) {
            if (route.lastFailureAt() != null) {
                problems.add(new Problem(route.lastFailureAt(), time.format(route.lastFailureAt()), "Route " + route.id(), null,
                        route.lastFailure()));
            }
        }
        problems.sort(Comparator.comparing(Problem::at).reversed());
        return problems.size() > 10 ? problems.subList(0, 10) : problems;
    }

    private int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }
}
