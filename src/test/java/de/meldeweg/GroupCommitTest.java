package de.meldeweg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/** Writes of threads that arrive together share one commit; each returns only once its own write is committed. */
class GroupCommitTest {

    private final AtomicInteger commits = new AtomicInteger();
    private JdbcTemplate jdbc;
    private GroupCommit group;

    @BeforeEach
    void database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:group" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE outcome (id INT PRIMARY KEY, state VARCHAR(20) NOT NULL)");
        DataSourceTransactionManager manager = new DataSourceTransactionManager(dataSource) {
            @Override
            protected void doCommit(DefaultTransactionStatus status) {
                super.doCommit(status);
                commits.incrementAndGet();
            }
        };
        group = new GroupCommit(new TransactionTemplate(manager), 8);
    }

    @Test
    void writesThatArriveWhileOneCommitsGoTogetherInTheNextCommit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Map<Integer, Boolean> committedOnReturn = new ConcurrentHashMap<>();
        Thread first = firstWriterHoldingTheCommit(release, committedOnReturn);
        List<Thread> others = new ArrayList<>();
        for (int id = 2; id <= 6; id++) {
            Thread t = writer(id, null, committedOnReturn);
            others.add(t);
            t.start();
        }
        // all five wait for the first one's commit
        await().atMost(Duration.ofSeconds(10)).until(() -> others.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
        release.countDown();
        first.join(10_000);
        for (Thread t : others) {
            t.join(10_000);
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outcome WHERE state = 'DELIVERED'", Integer.class)).isEqualTo(6);
        assertThat(committedOnReturn).hasSize(6).doesNotContainValue(false);
        assertThat(commits.get()).as("the first write's commit, then one for the five that waited").isEqualTo(2);
    }

    @Test
    void aFailingWriteFailsAloneAndTheOthersOfItsGroupAreCommitted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Map<Integer, Boolean> committedOnReturn = new ConcurrentHashMap<>();
        Thread first = firstWriterHoldingTheCommit(release, committedOnReturn);
        Map<String, Throwable> failure = new ConcurrentHashMap<>();
        Thread bad = new Thread(() -> {
            try {
                group.run(() -> jdbc.update("INSERT INTO outcome (id, state) VALUES (99, NULL)"));
            } catch (RuntimeException e) {
                failure.put("bad", e);
            }
        });
        bad.start();
        Thread good = writer(2, null, committedOnReturn);
        good.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> bad.getState() == Thread.State.WAITING
                && good.getState() == Thread.State.WAITING);
        release.countDown();
        first.join(10_000);
        bad.join(10_000);
        good.join(10_000);
        assertThat(failure).containsKey("bad");
        assertThat(jdbc.queryForList("SELECT id FROM outcome ORDER BY id", Integer.class)).containsExactly(1, 2);
        assertThat(committedOnReturn).containsOnlyKeys(1, 2).doesNotContainValue(false);
    }

    /** A thread that marks its row delivered through the group commit and notes whether the row was committed when run returned. */
    private Thread writer(int id, CountDownLatch holdInsideTransaction, Map<Integer, Boolean> committedOnReturn) {
        return new Thread(() -> {
            group.run(() -> {
                jdbc.update("INSERT INTO outcome (id, state) VALUES (?, 'DELIVERED')", id);
                if (holdInsideTransaction != null) {
                    try {
                        holdInsideTransaction.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return null;
            });
            // another connection: sees the row only if it was committed
            committedOnReturn.put(id, jdbc.queryForObject("SELECT COUNT(*) FROM outcome WHERE id = ?", Integer.class, id) == 1);
        });
    }

    /** Starts write 1, which holds the commit (inside its transaction) until {@code release} opens. */
    private Thread firstWriterHoldingTheCommit(CountDownLatch release, Map<Integer, Boolean> committedOnReturn) {
        Thread first = writer(1, release, committedOnReturn);
        first.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> first.getState() == Thread.State.TIMED_WAITING);
        return first;
    }
}
