package de.meldeweg;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pipeline's commits give way to the webhook's: while received webhooks wait for their commit,
 * a pipeline thread (one that {@link PipelinePriority} lowered) that is about to commit waits until
 * the webhooks queued before it are committed, at most {@code meldeweg.webhook.pipeline-yield}.
 *
 * <p>On H2 every commit that changed a row writes under one lock for the whole database, and the
 * pipeline commits far more often than the webhook: a webhook's commit waited behind the
 * pipeline's, and its request thread shared the two cores with every pipeline thread that was
 * running meanwhile. Waiting here, before its commit, a pipeline thread holds no store lock and
 * uses no CPU. The webhook's own commit never waits here; nor do the web server's threads (the
 * console, the admin API). A pipeline thread waits only for webhooks queued before it began to
 * wait, so a steady stream of webhooks delays each pipeline commit by at most one batch.
 */
public final class WebhookFirst {

    private final long maxWaitNanos;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition caughtUp = lock.newCondition();
    private volatile int waiting;

    /** @param maxWait how long a pipeline commit waits at most (zero: never) */
    public WebhookFirst(Duration maxWait) {
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** Webhooks handed to the writer, not yet committed (or failed). */
    public void queued(int count) {
        queued.addAndGet(count);
    }

    /** Webhooks whose commit returned, committed or failed. */
    public void settled(int count) {
        settled.addAndGet(count);
        if (waiting > 0) {
            lock.lock();
            try {
                caughtUp.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Webhooks waiting for their commit right now. */
    public long pending() {
        return queued.get() - settled.get();
    }

    /**
     * Called before a commit: on a pipeline thread, waits while webhooks queued before this call are not
     * yet committed, at most the configured time. Returns at once on any other thread or when none wait.
     *
     * @return the nanoseconds waited
     */
    public long beforeCommit() {
        if (maxWaitNanos <= 0 || Thread.currentThread().getPriority() != Thread.MIN_PRIORITY) {
            return 0;
        }
        long target = queued.get();
        if (settled.get() >= target) {
            return 0;
        }
        long start = System.nanoTime();
        long left = maxWaitNanos;
        lock.lock();
        waiting++;
        try {
            while (settled.get() < target && left > 0) {
                left = caughtUp.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting--;
            lock.unlock();
        }
        return System.nanoTime() - start;
    }
}
