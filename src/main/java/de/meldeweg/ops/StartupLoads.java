package de.meldeweg.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

import de.meldeweg.Futures;

/**
 * Start-up work that needs nothing but files (the safety word lists with their typo checks), run on
 * one background thread while the main thread creates the other beans, the routes and the web server:
 * on two cores the main thread's work is sequential, so this shortens the start.
 * <p>
 * What is promised: nothing is checked against a half-loaded list (whoever needs a load's result
 * waits for it, see {@link Load#get}); the health component {@code startupLoads} is DOWN until every
 * load is done, so {@code /actuator/health} is not UP before; a load that fails fails the start (as
 * it did when it ran on the main thread), at the latest when Spring reports the application started.
 * Without this bean (the tools and tests that build a component themselves) a load runs at once, on
 * the caller's thread ({@link #now}).
 */
@Component("startupLoads")
public class StartupLoads implements HealthIndicator, ApplicationListener<ApplicationStartedEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StartupLoads.class);

    /** A result that is being computed; {@link #get} waits for it. */
    public static final class Load<T> {
        private final String name;
        private final CompletableFuture<T> result;

        private Load(String name, CompletableFuture<T> result) {
            this.name = name;
            this.result = result;
        }

        /** The result; waits while it is being computed; throws what the load threw. */
        public T get() {
            return Futures.join(result);
        }

        /** Whether the result (or the load's failure) is there. */
        public boolean done() {
            return result.isDone();
        }

        String name() {
            return name;
        }
    }

    private final List<Load<?>> loads = new ArrayList<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "startup-load");
        t.setDaemon(true);
        return t;
    });

    /** Starts a load on the background thread (loads run one after the other, in the order started). */
    public synchronized <T> Load<T> start(String name, Supplier<T> work) {
        if (thread.isShutdown()) {
            return now(name, work); // after the start (a bean created later): at once
        }
        long queued = System.nanoTime();
        CompletableFuture<T> result = CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            T value = work.get();
            LOG.debug("Start-up load {} done in {} ms ({} ms after it was queued)", name,
                    (System.nanoTime() - started) / 1_000_000, (System.nanoTime() - queued) / 1_000_000);
            return value;
        }, thread);
        Load<T> load = new Load<>(name, result);
        loads.add(load);
        return load;
    }

    /** A load run at once on the caller's thread (without a {@code StartupLoads}); a failure is thrown here. */
    public static <T> Load<T> now(String name, Supplier<T> work) {
        return new Load<>(name, CompletableFuture.completedFuture(work.get()));
    }

    /** Starts the load in the background when there is a {@code StartupLoads}, else runs it at once. */
    public static <T> Load<T> start(StartupLoads loads, String name, Supplier<T> work) {
        return loads == null ? now(name, work) : loads.start(name, work);
    }

    private synchronized List<Load<?>> all() {
        return List.copyOf(loads);
    }

    /** DOWN while a load runs (with the names of those not done) or when one failed; UP when all are done. */
    @Override
    public Health health() {
        Map<String, Object> pending = new LinkedHashMap<>();
        for (Load<?> load : all()) {
            if (!load.done()) {
                pending.put(load.name(), "loading");
            } else if (load.result.isCompletedExceptionally()) {
                pending.put(load.name(), "failed");
            }
        }
        return pending.isEmpty() ? Health.up().build() : Health.down().withDetails(pending).build();
    }

    /**
     * Waits for every load before the start counts as done: a load that failed stops the start here
     * with its error (Spring Boot then closes the context and the service exits).
     */
    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        awaitAll();
    }

    /** Waits for every load started so far; throws the first failure. Then the background thread ends. */
    public void awaitAll() {
        try {
            for (Load<?> load : all()) {
                try {
                    load.get();
                } catch (RuntimeException | Error e) {
                    throw new IllegalStateException("Start-up load '" + load.name() + "' failed: " + e.getMessage(), e);
                }
            }
        } finally {
            thread.shutdown();
        }
    }
}
