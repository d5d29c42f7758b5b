package de.meldeweg.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import de.meldeweg.MeldewegApplication;
import de.meldeweg.support.Fixtures;
import de.meldeweg.support.Postgres;

/**
 * Two instances of the whole service on one PostgreSQL, with the purge scheduled every two
 * seconds: Quartz, clustered on its JDBC job store, runs each fire time on exactly one of them,
 * and when one instance stops the other goes on alone.
 *
 * <p>In one JVM, Spring's Quartz job store registers its connection provider under the scheduler's
 * name, so both schedulers here draw their connections from the pool of the instance started
 * last (the same database; locks are per connection, so the cluster works as across machines).
 * That is why the first instance is the one that stops.
 */
class RetentionClusterTest {

    private static final String DATABASE = "retention_cluster";
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    private ConfigurableApplicationContext start(String url) {
        // As command-line arguments: they outrank ./config/application.yaml, as the operator's would.
        ConfigurableApplicationContext context = new SpringApplicationBuilder(MeldewegApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--meldeweg.whatsapp.app-secret=" + Fixtures.APP_SECRET,
                "--meldeweg.crypto.key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
                "--meldeweg.crypto.hash-key=ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=",
                "--meldeweg.outbox-dir=target/test-outbox-cluster",
                "--meldeweg.templates-dir=config/templates",
                "--meldeweg.retention.cron=*/2 * * * * ?",
                // A stopped instance's claimed fire time goes to the others after missed check-ins.
                "--spring.quartz.properties[org.quartz.jobStore.clusterCheckinInterval]=2000",
                // Quartz finds the CamelContext of a job by its name: every instance has the same
                // one, as in production (one per JVM). JMX would rename the second one in this JVM.
                "--camel.main.jmx-enabled=false",
                "--camel.main.shutdown-timeout=5",
                "--server.shutdown=immediate",
                "--spring.main.banner-mode=off");
        instances.add(context);
        return context;
    }

    @AfterEach
    void stop() {
        instances.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void twoInstancesRunEachScheduledPurgeOnceAndOneGoesOnWhenTheOtherStops() throws Exception {
        String url = Postgres.jdbcUrl(DATABASE);
        ConfigurableApplicationContext first = start(url);
        start(url);
        try (Connection db = DriverManager.getConnection(url, "postgres", "postgres")) {
            db.createStatement().execute("DELETE FROM retention_run");
            assertThat(count(db, "SELECT COUNT(*) FROM qrtz_scheduler_state WHERE sched_name = 'meldeweg'")).isEqualTo(2);

            await().atMost(Duration.ofSeconds(30)).until(() -> count(db, "SELECT COUNT(DISTINCT scheduled_for) FROM retention_run") >= 4);
            Map<String, Integer> runsPerFireTime = runsPerFireTime(db);
            assertThat(runsPerFireTime.values()).as("runs per fire time: " + runsPerFireTime).allMatch(n -> n == 1);
            assertThat(count(db, "SELECT COUNT(*) FROM retention_run WHERE scheduled_for IS NULL OR outcome <> 'OK'")).isZero();

            // One instance stops: the schedule goes on, on the other one, still once per fire time.
            first.close();
            int before = count(db, "SELECT COUNT(*) FROM retention_run");
            await().atMost(Duration.ofSeconds(20)).until(() -> count(db, "SELECT COUNT(*) FROM retention_run") >= before + 2);
            assertThat(runsPerFireTime(db).values()).allMatch(n -> n == 1);
        }
    }

    private static Map<String, Integer> runsPerFireTime(Connection db) throws SQLException {
        Map<String, Integer> runs = new LinkedHashMap<>();
        try (ResultSet rs = db.createStatement().executeQuery(
                "SELECT scheduled_for, COUNT(*) FROM retention_run WHERE finished_at IS NOT NULL GROUP BY scheduled_for ORDER BY scheduled_for")) {
            while (rs.next()) {
                runs.put(String.valueOf(rs.getObject(1)), rs.getInt(2));
            }
        }
        return runs;
    }

    private static int count(Connection db, String sql) throws SQLException {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
