package de.meldeweg.ops;

import static de.meldeweg.support.Payloads.newWamid;
import static de.meldeweg.support.Payloads.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.contributor.Status;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.transaction.PlatformTransactionManager;

import de.meldeweg.CommitPriority;
import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MeldewegTestBase;
import de.meldeweg.support.Payloads;

/**
 * What an operator sees: the health probes, the Prometheus metrics, and which paths are open.
 * Runs on H2 and on PostgreSQL (the metrics are read from the tables).
 */
abstract class OperationsScenarios extends MeldewegTestBase {

    static final String ADMIN_TOKEN = "admin-token-for-the-operations-test";
    static final String METRICS_TOKEN = "scraper-token-for-the-operations-test";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    OperationsMetrics metrics;

    static void tokens(DynamicPropertyRegistry registry) {
        registry.add("meldeweg.admin.token", () -> ADMIN_TOKEN);
        registry.add("meldeweg.security.metrics-token", () -> METRICS_TOKEN);
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndProbesAreUpAndOpenWithNothingConfigured() throws Exception {
        // right after start-up Camel's own checks may still be DOWN (a consumer that has not polled yet)
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/actuator/health", null).statusCode() == 200);
        HttpResponse<String> health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).endsWith("\"status\":\"UP\"}").contains("\"smtp\":{\"status\":\"UP\"}")
                .contains("\"imap\":{\"status\":\"UP\"}").contains("\"ticketSystem\":{\"status\":\"UP\"}").contains("\"db\":{\"status\":\"UP\"}")
                .contains("\"startupLoads\":{\"status\":\"UP\"}"); // the word lists and the text model read in the background
        assertThat(get("/actuator/health/liveness", null).body()).endsWith("\"status\":\"UP\"}").contains("livenessState")
                .doesNotContain("db").doesNotContain("smtp");
        HttpResponse<String> readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"").contains("\"db\"").doesNotContain("smtp");
    }

    @Test
    void aDownServiceAnswers503AndADegradedOne200(@Autowired HttpCodeStatusMapper statusCodes) {
        assertThat(statusCodes.getStatusCode(Status.DOWN)).isEqualTo(503);
        assertThat(statusCodes.getStatusCode(Status.OUT_OF_SERVICE)).isEqualTo(503);
        assertThat(statusCodes.getStatusCode(ExternalSystemsHealth.DEGRADED)).isEqualTo(200);
        assertThat(statusCodes.getStatusCode(Status.UP)).isEqualTo(200);
    }

    @Test
    void onlyTheWebhookAndHealthAreOpen() throws Exception {
        for (String path : new String[] {"/actuator/prometheus", "/actuator/metrics", "/actuator/info", "/actuator",
                "/admin/dead-letters", "/somewhere-else"}) {
            HttpResponse<String> answer = get(path, null);
            assertThat(answer.statusCode()).as(path).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Bearer realm=\"meldeweg\"");
            assertThat(get(path, "wrong-token").statusCode()).as(path + " with a wrong token").isEqualTo(401);
        }
        for (String sneaky : new String[] {"/actuator/health/../prometheus", "/actuator/health/%2e%2e/prometheus",
                "/webhooks/whatsapp/../../actuator/prometheus", "/actuator;x=1/prometheus", "/actuator/health/..;/prometheus"}) {
            assertThat(get(sneaky, null).statusCode()).as(sneaky).isIn(400, 401, 404);
        }
        assertThat(get("/actuator/prometheus", METRICS_TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/metrics", METRICS_TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus", ADMIN_TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/admin/dead-letters", METRICS_TOKEN).statusCode()).as("the scraper's token is not an admin's").isEqualTo(401);
        assertThat(get("/admin/dead-letters", ADMIN_TOKEN).statusCode()).isEqualTo(200);
        assertThat(webhooks.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=" + Fixtures.VERIFY_TOKEN
                + "&hub.challenge=1158201444").body()).isEqualTo("1158201444");
    }

    @Test
    void prometheusShowsWebhooksMessagesCasesAndRoutes() throws Exception {
        String before = get("/actuator/prometheus", METRICS_TOKEN).body();
        String phone = "4915112345691";
        assertThat(webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Ida",
                text(phone, newWamid(), "Die Laterne in der Bahnhofstraße ist aus"))).statusCode()).isEqualTo(200);
        byte[] body = Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Ida", text(phone, newWamid(), "x"))
                .getBytes(StandardCharsets.UTF_8);
        assertThat(webhooks.post(body, null).statusCode()).isEqualTo(401);
        assertThat(webhooks.post(body, "sha256=" + "0".repeat(64)).statusCode()).isEqualTo(403);
        byte[] huge = new byte[3145728 + 1];
        Arrays.fill(huge, (byte) ' ');
        assertThat(webhooks.post(huge, Fixtures.sign(huge)).statusCode()).isEqualTo(413);
        HttpResponse<String> sideDoor = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks//whatsapp"))
                .header("X-Hub-Signature-256", Fixtures.sign(huge)).POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sideDoor.statusCode()).as("the same limit on another spelling of the path").isIn(404, 413);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM inbound_message") == 1);
        awaitIntakeIdle();
        metrics.refresh();

        String after = get("/actuator/prometheus", METRICS_TOKEN).body();
        assertThat(value(after, "meldeweg_webhooks_received_total")).isEqualTo(value(before, "meldeweg_webhooks_received_total") + 1);
        for (String reason : new String[] {"signature_missing", "signature_invalid", "too_large"}) {
            String line = "meldeweg_webhooks_rejected_total{reason=\"" + reason + "\"}";
            int posted = "too_large".equals(reason) && sideDoor.statusCode() == 413 ? 2 : 1;
            assertThat(value(after, line)).as(reason).isEqualTo(value(before, line) + posted);
        }
        // Where the stored webhook's answer waited: timed once each, the rejected ones not at all.
        for (String timer : new String[] {"meldeweg_webhook_answer_seconds", "meldeweg_webhook_store_seconds",
                "meldeweg_webhook_writer_wait_seconds"}) {
            assertThat(value(after, timer + "_count")).as(timer).isEqualTo(value(before, timer + "_count") + 1);
            assertThat(value(after, timer + "_bucket{le=\"+Inf\"}")).as(timer + " as a histogram")
                    .isEqualTo(value(before, timer + "_bucket{le=\"+Inf\"}") + 1);
        }
        assertThat(value(after, "meldeweg_webhook_writer_commit_seconds_count"))
                .isEqualTo(value(before, "meldeweg_webhook_writer_commit_seconds_count") + 1);
        assertThat(value(after, "meldeweg_webhook_store_seconds_sum")).as("the store's part of the answer")
                .isLessThanOrEqualTo(value(after, "meldeweg_webhook_answer_seconds_sum"));
        assertThat(value(after, "meldeweg_webhook_events{state=\"processed\"}")).isEqualTo(1);
        assertThat(value(after, "meldeweg_inbound_messages{accepted=\"true\",type=\"text\"}")).isEqualTo(1);
        assertThat(value(after, "meldeweg_whatsapp_outbound{purpose=\"privacy_notice\",state=\"pending\"}")
                + value(after, "meldeweg_whatsapp_outbound{purpose=\"privacy_notice\",state=\"outbox\"}")
                + value(after, "meldeweg_whatsapp_outbound{purpose=\"privacy_notice\",state=\"sending\"}")).isEqualTo(1);
        assertThat(value(after, "meldeweg_retry_backlog{queue=\"delivery\"}")).isZero();
        assertThat(after).contains("meldeweg_oldest_undelivered_age_seconds{queue=\"intake\"} 0.0");
        assertThat(value(after, "camel_route_exchanges_total{result=\"completed\",route=\"whatsapp-webhook\"}")).isGreaterThanOrEqualTo(1);
        assertThat(after).contains("camel_route_exchanges_inflight{route=\"intake\"}");
        assertThat(after).doesNotContain(phone).doesNotContain("Ida").doesNotContain("Laterne");
    }

    @Test
    void casesAndDeliveriesAreCountedByCategoryDepartmentChannelAndState() throws Exception {
        long citizen = jdbc.queryForObject("SELECT COUNT(*) FROM citizen", Long.class);
        assertThat(citizen).isZero();
        String phone = "4915112345692";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Jo", text(phone, newWamid(), "Hallo")));
        awaitIntakeIdle();
        long id = citizenByPhone(phone);
        jdbc.update("INSERT INTO report_case (reference, citizen_id, state, category_code, dept_key, created_at) "
                + "VALUES ('WK-2026-900001', ?, 'FORWARDING', 'BELEUCHTUNG', 'tiefbau', CURRENT_TIMESTAMP)", id);
        long caseId = jdbc.queryForObject("SELECT id FROM report_case WHERE reference = 'WK-2026-900001'", Long.class);
        jdbc.update("INSERT INTO delivery (case_id, channel, state, attempts, next_attempt_at, created_at) "
                + "VALUES (?, 'MAIL', 'DEAD', 10, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", caseId);
        jdbc.update("INSERT INTO delivery (case_id, channel, state, attempts, next_attempt_at, created_at) "
                + "VALUES (?, 'TICKET', 'PENDING', 2, ?, ?)", caseId, java.sql.Timestamp.from(java.time.Instant.now().plusSeconds(3600)),
                java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(120)));
        String series = "meldeweg_cases{category=\"beleuchtung\",department=\"tiefbau\",state=\"forwarding\"}";
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            metrics.refresh();
            return value(get("/actuator/prometheus", METRICS_TOKEN).body(), series) == 1;
        });
        String scrape = get("/actuator/prometheus", METRICS_TOKEN).body();
        assertThat(value(scrape, "meldeweg_cases{category=\"beleuchtung\",department=\"tiefbau\",state=\"forwarding\"}"))
                .as(scrape.lines().filter(l -> l.startsWith("meldeweg_cases")).toList().toString()).isEqualTo(1);
        assertThat(value(scrape, "meldeweg_deliveries{channel=\"mail\",state=\"dead\"}")).isEqualTo(1);
        assertThat(value(scrape, "meldeweg_deliveries{channel=\"ticket\",state=\"pending\"}")).isEqualTo(1);
        assertThat(value(scrape, "meldeweg_dead_letters{channel=\"mail\"}")).isEqualTo(1);
        assertThat(value(scrape, "meldeweg_retry_backlog{queue=\"delivery\"}")).isEqualTo(1);
        assertThat(value(scrape, "meldeweg_oldest_undelivered_age_seconds{queue=\"delivery\"}")).isBetween(110.0, 600.0);
        jdbc.update("DELETE FROM delivery");
        jdbc.update("DELETE FROM report_case");
    }

    @Test
    void pipelineThreadsCommitThroughTheTransactionManagerThatRaisesThemForTheCommit(
            @Autowired PlatformTransactionManager transactions) {
        // Spring Boot's own backs off for it; every @Transactional, TransactionTemplate and GroupCommit uses this one
        assertThat(transactions).isInstanceOf(CommitPriority.RaisedForCommit.class);
    }

    /**
     * What the idle collection asks before it collects: whether any stage has work due or under way.
     * A message still in its grouping window counts (its case is still to come); a delivery that waits
     * for its next attempt after a failure does not (a mail server that is down for hours must not keep
     * the heap at its high-water mark); one a stage has claimed does, whatever its lease.
     */
    @Test
    void thePipelineHasWorkToDoUntilTheLastReportIsInACaseButNotForARetryThatWaits(@Autowired PipelineBacklog backlog) {
        assertThat(backlog.workToDo()).as("an empty database").isFalse();
        String phone = "4915112345694";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Jo", text(phone, newWamid(), "Die Laterne ist aus")));
        awaitIntakeIdle();
        assertThat(backlog.workToDo()).as("the message waits in its grouping window (5 minutes) for its case").isTrue();

        long citizen = citizenByPhone(phone);
        jdbc.update("INSERT INTO report_case (reference, citizen_id, state, category_code, dept_key, created_at) "
                + "VALUES ('WK-2026-900003', ?, 'FORWARDED', 'BELEUCHTUNG', 'tiefbau', CURRENT_TIMESTAMP)", citizen);
        long caseId = jdbc.queryForObject("SELECT id FROM report_case WHERE reference = 'WK-2026-900003'", Long.class);
        jdbc.update("UPDATE inbound_message SET case_id = ? WHERE citizen_id = ?", caseId, citizen);
        await("its case forwarded, our WhatsApp messages sent").atMost(Duration.ofSeconds(10))
                .until(() -> !backlog.workToDo());

        java.sql.Timestamp inAnHour = java.sql.Timestamp.from(java.time.Instant.now().plusSeconds(3600));
        jdbc.update("INSERT INTO delivery (case_id, channel, state, attempts, next_attempt_at, created_at) "
                + "VALUES (?, 'TICKET', 'PENDING', 2, ?, CURRENT_TIMESTAMP)", caseId, inAnHour);
        assertThat(backlog.workToDo()).as("a delivery that waits an hour for its next attempt").isFalse();
        jdbc.update("UPDATE delivery SET state = 'SENDING' WHERE case_id = ?", caseId);
        assertThat(backlog.workToDo()).as("a delivery a stage has claimed, its lease an hour long").isTrue();
        jdbc.update("DELETE FROM delivery");
    }

    /**
     * The counts are refreshed on a timer while Prometheus scrapes at its own pace: a scrape that
     * falls in the middle of a refresh must still see every series with its count (a series that
     * vanished for a moment reads as 0 dead letters and silences an alert).
     */
    @Test
    void aScrapeDuringARefreshSeesEverySeries(@Autowired io.micrometer.core.instrument.MeterRegistry registry) throws Exception {
        String phone = "4915112345693";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Jo", text(phone, newWamid(), "Hallo")));
        awaitIntakeIdle();
        jdbc.update("INSERT INTO report_case (reference, citizen_id, state, category_code, dept_key, created_at) "
                + "VALUES ('WK-2026-900002', ?, 'DEAD', 'GRUEN', 'umwelt', CURRENT_TIMESTAMP)", citizenByPhone(phone));
        long caseId = jdbc.queryForObject("SELECT id FROM report_case WHERE reference = 'WK-2026-900002'", Long.class);
        jdbc.update("INSERT INTO delivery (case_id, channel, state, attempts, next_attempt_at, created_at) "
                + "VALUES (?, 'MAIL', 'DEAD', 10, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", caseId);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger refreshes = new java.util.concurrent.atomic.AtomicInteger();
        Thread refresher = new Thread(() -> {
            while (!stop.get()) {
                metrics.refresh();
                refreshes.incrementAndGet();
            }
        }, "metrics-refresher");
        try {
            metrics.refresh();
            refresher.start();
            int scrapes = 0;
            java.util.List<String> missed = new java.util.ArrayList<>();
            long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            while (System.nanoTime() < until || refreshes.get() < 20) {
                scrapes++;
                for (String channel : java.util.List.of("mail", "case")) {
                    io.micrometer.core.instrument.Gauge dead = registry.find("meldeweg.dead.letters").tag("channel", channel).gauge();
                    if (dead == null || dead.value() != 1) {
                        missed.add(channel + "=" + (dead == null ? "missing" : dead.value()));
                    }
                }
            }
            assertThat(missed).as("dead-letter series read during %d refreshes in %d scrapes", refreshes.get(), scrapes).isEmpty();
        } finally {
            stop.set(true);
            refresher.join();
            jdbc.update("DELETE FROM delivery");
            jdbc.update("DELETE FROM report_case");
        }
    }

    /** The value of one series in Prometheus text format; 0 when the series is not there. */
    static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }
}
