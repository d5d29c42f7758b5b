package de.meldeweg;

import java.time.Duration;

/**
 * How long a retrying outbox waits before the next attempt: {@code first}, then doubling with
 * every failed attempt, never longer than {@code max}. One policy for the delivery outbox, the
 * WhatsApp outbox, cases that could not be forwarded and photos that could not be fetched.
 */
public record Backoff(Duration first, Duration max) {

    public Backoff {
        if (first == null || first.isNegative() || max == null || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= first <= max, got " + first + " and " + max);
        }
    }

    /** The pause after the {@code attempt}-th failed attempt (1 = the first one). */
    public Duration after(int attempt) {
        Duration pause = first.multipliedBy(1L << Math.min(20, Math.max(0, attempt - 1)));
        return pause.compareTo(max) > 0 ? max : pause;
    }
}
