package de.meldeweg.intake;

import java.util.List;
import java.util.function.LongSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import de.meldeweg.whatsapp.WebhookEventStore;

/**
 * Acknowledging Meta comes first. While webhooks arrive faster than
 * {@code meldeweg.intake.burst-rate} per second, intake takes a batch only on every
 * {@code meldeweg.intake.burst-every}-th tick, so the webhook keeps the CPU during a burst; the
 * stored events are worked off as soon as it is over. A city's normal traffic is far below the
 * threshold and never paced. 0 turns pacing off.
 *
 * <p>An idle service does not ask the database ten times a second: once a poll found no event and
 * this service has stored no webhook since, intake looks again only after
 * {@code meldeweg.intake.idle-poll-interval} (events that become due by themselves: a failed event's
 * next attempt, one stored by another instance or taken back from FAILED by an admin). A webhook
 * this service stores is taken at the next poll, as before.
 */
@Component("intakePacer")
public class IntakePacer {

    private static final long WINDOW_NANOS = 500_000_000L;

    private final LongSupplier committed;
    private final LongSupplier nanoTime;
    private final int burstRate;
    private final int burstEvery;
    private final long idleNanos;
    private long windowStart;
    private long windowCount;
    private double rate;
    private int skipped;
    /** The stored-webhook count when intake last looked, when that was, and whether it found nothing. */
    private long committedAtPoll = -1;
    private long polledAt;
    private boolean foundNothing;

    @Autowired
    public IntakePacer(WebhookEventStore store, IntakeProperties intake) {
        this(store::committed, System::nanoTime, intake.burstRate(), intake.burstEvery(), intake.idlePollInterval().toNanos());
    }

    IntakePacer(LongSupplier committed, LongSupplier nanoTime, int burstRate, int burstEvery, long idleNanos) {
        this.committed = committed;
        this.nanoTime = nanoTime;
        this.burstRate = burstRate;
        this.burstEvery = Math.max(1, burstEvery);
        this.idleNanos = idleNanos;
        this.windowStart = nanoTime.getAsLong();
        this.windowCount = committed.getAsLong();
    }

    /** Whether intake should take a batch on this tick. */
    public synchronized boolean due() {
        long now = nanoTime.getAsLong();
        if (now - windowStart >= WINDOW_NANOS) {
            long count = committed.getAsLong();
            rate = (count - windowCount) * 1e9 / (now - windowStart);
            windowStart = now;
            windowCount = count;
        }
        if (burstRate > 0 && rate > burstRate && ++skipped < burstEvery) {
            return false;
        }
        skipped = 0;
        long count = committed.getAsLong();
        if (foundNothing && count == committedAtPoll && now - polledAt < idleNanos) {
            return false;
        }
        // the count before the query: a webhook committed while it runs makes the next poll look again
        committedAtPoll = count;
        polledAt = now;
        foundNothing = false;
        return true;
    }

    /** What the poll that {@link #due()} allowed found: nothing lets the next polls rest until a webhook is stored. */
    public synchronized void polled(List<?> pending) {
        foundNothing = pending.isEmpty();
    }

    /** Webhooks per second stored recently, as the pacer sees them. */
    public synchronized double rate() {
        return rate;
    }
}
