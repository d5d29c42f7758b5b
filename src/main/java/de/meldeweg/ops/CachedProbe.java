package de.meldeweg.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A check of an outside system (SMTP, IMAP, ticket system) whose answer is kept for a while, so
 * a storm of health probes costs one connection per period. Only one caller checks at a time;
 * while it does, the others get the previous answer.
 */
final class CachedProbe {

    private static final Logger LOG = LoggerFactory.getLogger(CachedProbe.class);

    /** What a check found: up or not, and a reason without credentials. */
    record Result(boolean up, String detail, Instant at) {
    }

    private final String name;
    private final Supplier<String> check;
    private final Duration keep;
    private final Clock clock;
    private final ReentrantLock checking = new ReentrantLock();
    private volatile Result last;

    /** {@code check} returns a short detail when the system answers, and throws when it does not. */
    CachedProbe(String name, Supplier<String> check, Duration keep, Clock clock) {
        this.name = name;
        this.check = check;
        this.keep = keep;
        this.clock = clock;
    }

    Result result() {
        Result known = last;
        if (known != null && known.at().plus(keep).isAfter(clock.instant())) {
            return known;
        }
        if (known != null && !checking.tryLock()) {
            return known;
        }
        if (known == null) {
            checking.lock();
        }
        try {
            Result again = last;
            if (again != null && again != known) {
                return again;
            }
            Result fresh = run();
            if (known == null || known.up() != fresh.up()) {
                if (fresh.up()) {
                    LOG.info("{} check: UP ({})", name, fresh.detail());
                } else {
                    LOG.warn("{} check: DOWN ({}); the service goes on and retries its deliveries", name, fresh.detail());
                }
            }
            last = fresh;
            return fresh;
        } finally {
            checking.unlock();
        }
    }

    private Result run() {
        try {
            return new Result(true, check.get(), clock.instant());
        } catch (RuntimeException e) {
            return new Result(false, reason(e), clock.instant());
        }
    }

    /** Exception class and message of the root cause: host and port at most, never a credential. */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage().replaceAll("\\s+", " ");
        String text = root.getClass().getSimpleName() + message;
        return text.length() <= 200 ? text : text.substring(0, 200);
    }
}
