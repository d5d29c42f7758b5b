package de.meldeweg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A stage's poller runs at once when another stage announces work after its commit, never for a
 * transaction that rolled back, keeps its interval otherwise, and polls again right away while a
 * poll reports a full batch.
 */
class WakeableSchedulerTest {

    private final PipelineWakeups wakeups = new PipelineWakeups();
    private final AtomicInteger polls = new AtomicInteger();
    /** Polls that still report a full batch (greedy: the next poll follows at once). */
    private final AtomicInteger fullBatches = new AtomicInteger();
    private CamelContext camel;
    private TransactionTemplate transaction;

    @BeforeEach
    void start() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:wake" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("pipelineScheduler", new WakeableScheduler(wakeups));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // an interval far longer than the test: every poll after the first is a wake-up or greedy
                from("scheduler:test-stage?delay=600000&initialDelay=0&greedy=true&scheduler=#pipelineScheduler")
                        .process(exchange -> {
                            polls.incrementAndGet();
                            exchange.setProperty("CamelSchedulerPolledMessages", fullBatches.getAndUpdate(n -> Math.max(0, n - 1)) > 0);
                        });
            }
        });
        camel.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> polls.get() == 1);
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void aWakeUpAfterTheCommitPollsAtOnceARollbackDoesNot() {
        transaction.executeWithoutResult(status -> {
            wakeups.wakeAfterCommit("test-stage", Duration.ZERO);
            status.setRollbackOnly();
        });
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> polls.get() == 1);

        transaction.executeWithoutResult(status -> {
            wakeups.wakeAfterCommit("test-stage", Duration.ZERO);
            assertThat(polls.get()).as("not before the commit").isEqualTo(1);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> polls.get() == 2);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> polls.get() == 2);
    }

    @Test
    void aWakeUpWithADelayPollsWhenItIsDue() {
        long start = System.nanoTime();
        // two messages of the same moment, then one whose grouping window ends later
        wakeups.wakeAfterCommit("test-stage", Duration.ofMillis(800));
        wakeups.wakeAfterCommit("test-stage", Duration.ofMillis(800));
        wakeups.wakeAfterCommit("test-stage", Duration.ofMillis(1500));
        await().atMost(Duration.ofSeconds(5)).until(() -> polls.get() == 2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        await().atMost(Duration.ofSeconds(5)).until(() -> polls.get() == 3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> polls.get() == 3);
    }

    @Test
    void aFullBatchIsFollowedByTheNextPollAtOnce() {
        fullBatches.set(3);
        wakeups.wakeAfterCommit("test-stage", Duration.ZERO);
        // the woken poll and the three after full batches
        await().atMost(Duration.ofSeconds(5)).until(() -> polls.get() == 5);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> polls.get() == 5);
    }

    @Test
    void aStageWithoutAWakeablePollerIsNotWoken() {
        wakeups.wakeAfterCommit("another-stage", Duration.ZERO);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> polls.get() == 1);
    }
}
