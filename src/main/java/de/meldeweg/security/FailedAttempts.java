package de.meldeweg.security;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Throttles guessing: after {@code meldeweg.console.failed-attempts} failed sign-ins (wrong
 * password, wrong bearer token) from one address within {@code meldeweg.console.failed-window},
 * that address is refused until the window has passed, even with the right secret. Kept in memory
 * per instance: a restart forgives, several instances each count their own.
 */
@Component
public class FailedAttempts {

    private static final int MAX_ADDRESSES = 10_000;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final SecurityProperties properties;
    private final Clock clock;

    public FailedAttempts(SecurityProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** True while the address has used up its attempts. */
    public boolean refused(String address) {
        Deque<Instant> times = failures.get(address);
        if (times == null) {
            return false;
        }
        synchronized (times) {
            prune(times);
            return times.size() >= properties.failedAttempts();
        }
    }

    public void failed(String address) {
        if (failures.size() > MAX_ADDRESSES) {
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    prune(e.getValue());
                    return e.getValue().isEmpty();
                }
            });
        }
        Deque<Instant> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (times) {
            prune(times);
            times.addLast(clock.instant());
        }
    }

    public void succeeded(String address) {
        if (!refused(address)) {
            failures.remove(address);
        }
    }

    private void prune(Deque<Instant> times) {
        Instant oldest = clock.instant().minus(properties.failedWindow());
        while (!times.isEmpty() && times.peekFirst().isBefore(oldest)) {
            times.removeFirst();
        }
    }
}
