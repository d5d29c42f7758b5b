package de.meldeweg.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The overview's queues on the real schema: a queue longer than the cap reads as "more than 10,000"
 * (each poll reads at most one row more than the cap), a shorter one shows its exact length.
 */
class OverviewBacklogTest {

    private static JdbcTemplate jdbc;

    @BeforeAll
    static void schema() {
        DriverManagerDataSource db = new DriverManagerDataSource("jdbc:h2:mem:overview-backlog;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(db);
    }

    private static void receivedEvents(int n, String state) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.batchUpdate("INSERT INTO webhook_event (received_at, body, state) VALUES (?, ?, ?)",
                java.util.stream.IntStream.range(0, n).mapToObj(i -> new Object[] {now, "{}", state}).toList());
    }

    @Test
    void aQueueLongerThanTheCapIsShownAsMoreThanTheCapAndShorterOnesExactly() {
        Overview overview = new Overview(jdbc, Map.of(), null, null, null);
        receivedEvents(Overview.BACKLOG_CAP, "RECEIVED");
        receivedEvents(3, "PROCESSED");
        assertThat(overview.backlog().get("backlog.events")).isEqualTo(new Overview.Queue(Overview.BACKLOG_CAP, false));

        receivedEvents(1, "RECEIVED");
        assertThat(overview.backlog().get("backlog.events")).isEqualTo(new Overview.Queue(Overview.BACKLOG_CAP, true));
        assertThat(overview.backlog().get("backlog.deliveries")).isEqualTo(new Overview.Queue(0, false));
        assertThat(overview.backlog()).hasSize(7);
    }
}
