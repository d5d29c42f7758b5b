package de.meldeweg.ops;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * One full collection once the service has gone idle after work. The serial collector hands
 * committed heap back to the system only at a full collection, and a service that has gone quiet
 * never reaches one: the garbage the last burst promoted stays resident until the next burst
 * ("Eighth round: memory" and "Ninth round: memory" in docs/performance-rounds.md).
 *
 * <p>Once a second it reads what the old generation holds, what the heap has committed and the
 * webhooks this service has stored. Only when there is something to give back (the old generation
 * has grown by at least {@code meldeweg.memory.idle-collection-min-growth} since the last such
 * collection, since the start by all it holds, or the heap has committed that much more: a full
 * collection during the work took the garbage but the heap kept its size) and no webhook came since
 * the last check, it also asks the stages' tables whether the pipeline has work to do
 * ({@link PipelineBacklog}). When for {@code meldeweg.memory.idle-collection-after} no webhook came
 * and every look found nothing to do, it calls {@link System#gc()} once. So it never collects
 * during a burst (webhooks) or while a backlog is worked off (work due in the tables), whatever
 * the machine's load or the service's own idle cost; not after a single report of a quiet day
 * (that promotes little); and not twice in one quiet spell (the collection resets the growth).
 * While there is nothing to give back, it costs the database nothing. 0 turns it off.
 */
@Component
public class IdleCollection implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdleCollection.class);
    private static final long CHECK_MILLIS = 1000;

    private final LongSupplier committed;
    private final BooleanSupplier workToDo;
    private final LongSupplier nanoTime;
    private final LongSupplier oldUsed;
    private final LongSupplier heapCommitted;
    private final Runnable collect;
    private final long afterNanos;
    private final long minGrowth;
    private ScheduledExecutorService checker;

    private long lastCommitted;
    /** Since when no webhook came and every look found the pipeline without work; -1 while it did not. */
    private long idleSince = -1;
    /** What the old generation held right after the last idle collection; 0 before the first. */
    private long oldAfterCollection;
    /** What the heap had committed right after the last idle collection; 0 before the first. */
    private long committedAfterCollection;

    @Autowired
    public IdleCollection(WebhookCount webhooks, PipelineBacklog backlog, H2Maintenance h2, MemoryProperties memory) {
        // H2's chunks first: the collection then also takes the garbage of their rewrite
        this(webhooks::committed, backlog::workToDo, System::nanoTime, IdleCollection::oldGenerationUsed,
                IdleCollection::heapCommitted, () -> { h2.run(); fullCollection(); }, memory.idleCollectionAfter().toNanos(),
                memory.idleCollectionMinGrowth().toBytes());
    }

    IdleCollection(LongSupplier committed, BooleanSupplier workToDo, LongSupplier nanoTime, LongSupplier oldUsed,
                   LongSupplier heapCommitted, Runnable collect, long afterNanos, long minGrowth) {
        this.heapCommitted = heapCommitted;
        this.committed = committed;
        this.workToDo = workToDo;
        this.nanoTime = nanoTime;
        this.oldUsed = oldUsed;
        this.collect = collect;
        this.afterNanos = afterNanos;
        this.minGrowth = minGrowth;
        this.lastCommitted = committed.getAsLong();
    }

    /** One check (once a second): whether the service is idle, and if it has been long enough, one collection. */
    synchronized boolean check() {
        long now = nanoTime.getAsLong();
        long count = committed.getAsLong();
        boolean webhook = count != lastCommitted;
        lastCommitted = count;
        // Something to give back: the old generation grew, or the heap grew and kept its size after a
        // full collection of its own had already taken the garbage (the serial collector keeps what it
        // committed while MaxHeapFreeRatio allows).
        boolean grown = oldUsed.getAsLong() - oldAfterCollection >= minGrowth
                || heapCommitted.getAsLong() - committedAfterCollection >= minGrowth;
        // The tables are asked only when it matters: not during a burst, not when nothing was promoted.
        if (webhook || !grown || workToDo.getAsBoolean()) {
            idleSince = -1;
            return false;
        }
        if (idleSince < 0) {
            idleSince = now;
        }
        if (now - idleSince < afterNanos) {
            return false;
        }
        collect.run();
        oldAfterCollection = oldUsed.getAsLong();
        committedAfterCollection = heapCommitted.getAsLong();
        idleSince = -1;
        return true;
    }

    /** What the heap's old generation holds now (the serial collector's "Tenured Gen", G1's "G1 Old Gen"). */
    private static long oldGenerationUsed() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && (pool.getName().contains("Old") || pool.getName().contains("Tenured"))) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    /** What the heap has committed now (resident once touched). */
    private static long heapCommitted() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }

    /**
     * One full collection that gives back what it can: for its duration the heap may keep no more free
     * than {@code -XX:MinHeapFreeRatio} (20 % in bench/jvm-options.sh) instead of
     * {@code -XX:MaxHeapFreeRatio} (40 %, which in a busy service keeps the old generation from
     * shrinking and growing again at every full collection), then the JVM's own ratios apply again.
     * Not below the minimum: the next collection would grow the heap back to it (measured: with at
     * most 10 % free the heap grew by 20 MB within 30 s of idling and was collected a second time). With the serial
     * collector this needs {@code -XX:-ShrinkHeapInSteps}: otherwise the first full collection after
     * one that did not shrink gives nothing back. Both ratios are manageable flags of HotSpot; on a
     * JVM that refuses them it is a plain {@link System#gc()}.
     */
    private static void fullCollection() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = memory.getHeapMemoryUsage().getCommitted();
        long started = System.nanoTime();
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min = null;
        String max = null;
        try {
            min = hotspot.getVMOption("MinHeapFreeRatio").getValue();
            max = hotspot.getVMOption("MaxHeapFreeRatio").getValue();
            hotspot.setVMOption("MaxHeapFreeRatio", min);
        } catch (RuntimeException e) {
            log.debug("Idle collection with the JVM's own free ratios: {}", e.toString());
        }
        try {
            System.gc();
        } finally {
            restore(hotspot, max);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        var after = memory.getHeapMemoryUsage();
        log.info("Idle: one full collection in {} ms, heap committed {} -> {} MB ({} MB in use)", millis,
                before >> 20, after.getCommitted() >> 20, after.getUsed() >> 20);
    }

    /** The JVM's own maximum free ratio again. */
    private static void restore(HotSpotDiagnosticMXBean hotspot, String max) {
        try {
            if (max != null) {
                hotspot.setVMOption("MaxHeapFreeRatio", max);
            }
        } catch (RuntimeException e) {
            log.warn("Idle collection could not restore the heap's free ratio: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (afterNanos <= 0 || checker != null) {
            return;
        }
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "idle-collection");
            t.setDaemon(true);
            return t;
        });
        checker.scheduleWithFixedDelay(() -> {
            try {
                check();
            } catch (RuntimeException e) {
                log.warn("Idle collection check failed: {}", e.getClass().getName());
            }
        }, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (checker != null) {
            checker.shutdownNow();
            checker = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return checker != null;
    }
}
