package de.meldeweg.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Case assembly looks for waiting cases every {@code assembly-interval} and hands them to the enrichers. A case
 * whose enrichment is still queued or at work is not handed out a second time (before, under a backlog, a case
 * was screened, classified and located two or three times, and only the forwarding's state check kept it from
 * going out twice); once its enrichment ends without forwarding it (failed, held), it is handed out again.
 */
class EnrichingOnceTest {

    private JdbcTemplate jdbc;
    private CaseForwarding forwarding;

    @BeforeEach
    void setUp() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:enriching-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE report_case (id BIGINT PRIMARY KEY, state VARCHAR(20), next_attempt_at TIMESTAMP)");
        jdbc.execute("CREATE TABLE inbound_message (id BIGINT PRIMARY KEY, case_id BIGINT)");
        jdbc.execute("CREATE TABLE inbound_media (message_id BIGINT, state VARCHAR(20), attempts INT)");
        jdbc.update("INSERT INTO report_case (id, state) VALUES (1, 'ASSEMBLED'), (2, 'ASSEMBLED')");
        forwarding = new CaseForwarding(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)), null, null, null,
                Clock.systemUTC(), new CaseProperties(Duration.ZERO, Duration.ofMillis(100), 2, 2000, 5, Duration.ofSeconds(5)));
    }

    @Test
    void aCaseBeingEnrichedIsNotHandedOutAgainUntilItsEnrichmentEnds() {
        assertThat(forwarding.waiting()).containsExactly(1L, 2L);
        // the next looks while both are still in the enrichers' hands
        assertThat(forwarding.waiting()).isEmpty();
        jdbc.update("INSERT INTO report_case (id, state) VALUES (3, 'ASSEMBLED')");
        assertThat(forwarding.waiting()).containsExactly(3L);

        // case 1 was forwarded: no longer waiting; case 2's enrichment ended without forwarding it: handed out again
        jdbc.update("UPDATE report_case SET state = 'FORWARDING' WHERE id = 1");
        forwarding.enriched(1);
        forwarding.enriched(2);
        assertThat(forwarding.waiting()).containsExactly(2L);
        assertThat(forwarding.waiting()).isEmpty();
    }
}
