package de.meldeweg.whatsapp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import de.meldeweg.ops.WebhookCount;
import de.meldeweg.ops.WebhookMetrics;
import de.meldeweg.privacy.PersonalDataCipher;

/**
 * Stores every validly signed webhook body durably before the webhook answers 200.
 *
 * <p>Concurrent requests are committed together (group commit): each request thread hands its
 * body to a writer and waits; a writer takes whatever has queued up, inserts it in one batch and
 * one transaction, commits, and releases all waiting requests at once. Under load one commit
 * serves many requests; alone, a request is committed immediately. Nothing is answered before
 * its commit returned.
 *
 * <p>Where a webhook's answer waits for the database is measured in three timers (histograms):
 * {@code meldeweg.webhook.store} per webhook from handing the body on to its commit being known,
 * {@code meldeweg.webhook.writer.wait} per webhook in the writer's queue, and
 * {@code meldeweg.webhook.writer.commit} per batch for its insert and commit.
 */
@Component("webhookEvents")
public class WebhookEventStore implements SmartLifecycle, WebhookCount {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookEventStore.class);
    private static final String INSERT =
            "INSERT INTO webhook_event (received_at, body, state) VALUES (?, ?, 'RECEIVED')";

    private final DataSource dataSource;
    private final Clock clock;
    private final int writerThreads;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;
    private final LongAdder committedEvents = new LongAdder();

    private record Pending(byte[] body, Instant receivedAt, long queuedNanos, CompletableFuture<Void> committed) {
    }

    private final PersonalDataCipher cipher;
    private final Timer storeTime;
    private final Timer waitTime;
    private final Timer commitTime;

    public WebhookEventStore(DataSource dataSource, Clock clock, PersonalDataCipher cipher,
                             WebhookProperties webhook, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.cipher = cipher;
        this.clock = clock;
        this.writerThreads = webhook.writerThreads();
        this.maxBatch = webhook.writerBatch();
        this.storeTime = WebhookMetrics.histogram("meldeweg.webhook.store",
                "Per stored webhook: sealing its body, waiting for a writer, insert and commit, until the request knows", registry);
        this.waitTime = WebhookMetrics.histogram("meldeweg.webhook.writer.wait",
                "Per stored webhook: its wait in the writers' queue until a writer takes it", registry);
        this.commitTime = WebhookMetrics.histogram("meldeweg.webhook.writer.commit",
                "Per writer batch: its insert and commit", registry);
    }

    /** Blocks until the body is committed; throws if it could not be, so the caller answers 5xx. */
    public void store(@Body byte[] body) throws Exception {
        if (!running) {
            throw new IllegalStateException("webhook store is not running");
        }
        long start = System.nanoTime();
        // The signature was checked on the raw bytes; at rest the body (number, name, texts) is encrypted.
        Pending pending = new Pending(cipher.sealBytes(body), clock.instant(), System.nanoTime(), new CompletableFuture<>());
        queue.add(pending);
        try {
            pending.committed().get(30, TimeUnit.SECONDS);
            storeTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            // The writer may still commit it: then intake processes it once, and Meta's
            // redelivery is deduplicated. Answering 5xx loses nothing.
            throw new IllegalStateException("webhook store did not commit within 30 s", e);
        }
    }

    /** How many events this instance has committed since it started (for pacing, metrics and the idle collection). */
    @Override
    public long committed() {
        return committedEvents.sum();
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        long taken = System.nanoTime();
        for (Pending pending : batch) {
            waitTime.record(taken - pending.queuedNanos(), TimeUnit.NANOSECONDS);
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (Pending pending : batch) {
                    insert.setTimestamp(1, Timestamp.from(pending.receivedAt()));
                    insert.setBytes(2, pending.body());
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
                commitTime.record(System.nanoTime() - taken, TimeUnit.NANOSECONDS);
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
            committedEvents.add(batch.size());
            batch.forEach(p -> p.committed().complete(null));
        } catch (SQLException | RuntimeException e) {
            LOG.error("Could not store {} webhook event(s); answered 503, Meta redelivers them: {}",
                    batch.size(), e.toString());
            batch.forEach(p -> p.committed().completeExceptionally(e));
        }
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < writerThreads; i++) {
            Thread writer = new Thread(this::writeLoop, "webhook-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    @Override
    public void stop() {
        running = false;
        for (Thread writer : writers) {
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stop after the web server (which stops at a higher phase) and before the datasource. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4096;
    }
}
