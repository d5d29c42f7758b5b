package de.meldeweg.intake;

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
 */
@Component("intakePacer")
public class IntakePacer {

    private static final long WINDOW_NANOS = 500_000_000L;

    private final LongSupplier committed;
    private final LongSupplier nanoTime;
    private final int burstRate;
    private final int burstEvery;
    private long windowStart;
    private long windowCount;
    private double rate;
    private int skipped;

    @Autowired
    public IntakePacer(WebhookEventStore store, IntakeProperties intake) {
        this(store::committed, System::nanoTime, intake.burstRate(), intake.burstEvery());
    }

    IntakePacer(LongSupplier committed, LongSupplier nanoTime, int burstRate, int burstEvery) {
        this.committed = committed;
        this.nanoTime = nanoTime;
        this.burstRate = burstRate;
        this.burstEvery = Math.max(1, burstEvery);
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
        if (burstRate <= 0 || rate <= burstRate || ++skipped >= burstEvery) {
            skipped = 0;
            return true;
        }
        return false;
    }

    /** Webhooks per second stored recently, as the pacer sees them. */
    public synchronized double rate() {
        return rate;
    }
}
