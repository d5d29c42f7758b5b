package de.meldeweg.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Keeps the embedded H2 file near its live data: it forces the file to disk (fsync) every
 * {@code meldeweg.memory.h2-sync-interval}, so that H2 may reuse the space of replaced chunks after
 * {@value #RETENTION_MILLIS} ms instead of 45 s, and it rewrites the chunks that hold mostly dead pages:
 * one small step at every sync, and for up to {@value #BUDGET_MILLIS} ms more once the service has gone
 * idle ({@link IdleCollection} calls {@link #run()} right before its collection).
 *
 * <p>Why: with {@code WRITE_DELAY=0} every commit is a chunk of its own (on the benchmark about 130 KB,
 * 15–25 MB/s at 50 reports/s). H2 overwrites a chunk only once none of its pages is live and it is
 * older than H2's retention time, 45 s: H2 never syncs, and the 45 s are its guess at how long the
 * operating system takes to write what it was given. So the file held at least 45 s of writes
 * (over 1 GB at 50/s); and since with {@code WRITE_DELAY=0} H2 starts no background thread, which alone
 * rewrites chunks ({@code RandomAccessStore.doHousekeeping}), every chunk that kept a single live page
 * (a row stored once and never changed again) stayed for good. Measured: 3.6 GB after 10,000 reports,
 * 1 % of it live ("Tenth round: H2's file" in docs/performance-rounds.md); every chunk is an object on
 * the heap and an entry of the layout map, and {@link H2CrashRecovery} scans the whole file after a
 * crash.
 *
 * <p>The sync ({@link #sync()}) replaces the guess: a chunk may be overwritten only once the chunks that
 * replaced its pages are on disk, by holding H2's version ({@link MVStore#registerVersionUsage()})
 * until a sync has covered it. The rewrite step ({@link MVStore#compact(int, int)}, at most
 * {@value #RUNNING_STEP_BYTES} bytes) runs while less than {@code meldeweg.memory.h2-compact-fill-rate}
 * percent of the chunks old enough to be rewritten is live; it writes their live pages once more as a
 * new chunk, as H2's own background thread does. It holds H2's store lock, so a commit waits for it:
 * the step is small for that reason. The file does not shrink while the service runs; the space is
 * reused. Nothing else changes for a crash: the rewrite is one more commit of H2's, and
 * {@link H2CrashRecovery} finds the newest complete chunk as before. ({@link MVStore#compactFile(int)}
 * would shrink the file, but sets the retention time to 0 for good.)
 *
 * <p>Its gauges ({@code meldeweg.h2.file.size}, {@code meldeweg.h2.chunks},
 * {@code meldeweg.h2.chunks.live}) show an operator the file and how much of it is live. Does nothing
 * for PostgreSQL or in-memory H2; a fill rate of 0 turns the rewrite off, an interval of 0 the syncs
 * and the steps while the service works (H2's own 45 s then apply).
 */
@Component
public class H2Maintenance implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(H2Maintenance.class);
    static final long BUDGET_MILLIS = 2000;
    /** H2 rewrites up to this much per step and holds its store lock meanwhile: a webhook waits at most one step. */
    private static final int IDLE_STEP_BYTES = 1 << 20;
    /** While the service runs: a quarter of that; a commit waits for at most one step (median 24 ms at 50/s). */
    static final int RUNNING_STEP_BYTES = 1 << 18;
    /** H2's retention time while the file is synced every interval (H2's own: 45 s). */
    static final int RETENTION_MILLIS = 5000;
    /** How often the running steps' sum is logged (when they rewrote anything). */
    private static final long SUMMARY_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final DataSource dataSource;
    private final boolean h2File;
    private final int fillRate;
    private final long budgetMillis;
    private final Duration interval;
    private final int retentionMillis;
    private final Consumer<MVStore> syncer;
    private volatile MVStore store;
    private ScheduledExecutorService stepper;
    /** Versions held until a sync has made the chunks that replaced older ones durable, oldest first. */
    private final Deque<MVStore.TxCounter> held = new ArrayDeque<>();
    /** The store whose retention time this lowered (and whose versions it holds). */
    private MVStore synced;
    private long summarySince = System.nanoTime();
    private int summarySteps;
    private long summaryNanos;
    private long summaryLongestNanos;
    private long lastDebug;

    @Autowired
    public H2Maintenance(DataSource dataSource, Environment environment, MemoryProperties memory,
                         MeterRegistry registry) {
        this(dataSource, H2CrashRecovery.storeFile(environment.getProperty("spring.datasource.url")).isPresent(),
                memory.h2CompactFillRate(), BUDGET_MILLIS, memory.h2SyncInterval(),
                (int) Math.max(RETENTION_MILLIS, 3 * memory.h2SyncInterval().toMillis()), MVStore::sync);
        registerGauges(registry);
    }

    /**
     * @param retentionMillis H2's retention time while the file is synced (at least three intervals, so
     *                        that a sync always falls in between)
     * @param sync            what forces the file to disk ({@link MVStore#sync()}; a test's may fail)
     */
    H2Maintenance(DataSource dataSource, boolean h2File, int fillRate, long budgetMillis, Duration interval,
                  int retentionMillis, Consumer<MVStore> sync) {
        this.dataSource = dataSource;
        this.h2File = h2File;
        this.fillRate = fillRate;
        this.budgetMillis = budgetMillis;
        this.interval = interval;
        this.retentionMillis = retentionMillis;
        this.syncer = sync;
    }

    /**
     * Once idle: compacts for up to the budget if the file's chunks are emptier than the setting;
     * returns whether it rewrote anything.
     */
    public boolean run() {
        if (!h2File || fillRate <= 0) {
            return false;
        }
        try {
            MVStore mv = store();
            int before = mv.getFileStore().getChunksFillRate();
            if (before >= fillRate) {
                return false;
            }
            String chunks = chunkCount(mv);
            long started = System.nanoTime();
            long deadline = started + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
            int steps = 0;
            while (System.nanoTime() < deadline && mv.compact(fillRate, IDLE_STEP_BYTES)) {
                steps++;
            }
            mv.commit();
            if (steps == 0) {
                // e.g. right after the start: every chunk younger than H2's retention time, none to rewrite yet
                LOG.debug("Idle: no H2 chunk to rewrite yet ({} % live in {} chunks)", before, chunks);
                return false;
            }
            LOG.info("Idle: H2 chunks rewritten in {} ms ({} steps), chunks {} % live -> {} %, {} -> {} chunks, file {} MB",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), steps, before,
                    mv.getFileStore().getChunksFillRate(), chunks, chunkCount(mv),
                    mv.getFileStore().size() >> 20);
            return true;
        } catch (SQLException | RuntimeException e) {
            store = null;
            LOG.warn("Idle: H2 maintenance skipped: {}", e.toString());
            return false;
        }
    }

    /** What the timer runs: the file forced to disk, then one rewrite step. */
    void tick() {
        sync();
        step();
    }

    /**
     * Forces H2's file to disk (fsync) and lets H2 overwrite the chunks whose pages were replaced
     * before that sync, from then on after the retention time given (5 s in the service) instead of 45 s.
     *
     * <p>H2 overwrites a chunk that holds nothing live once it is older than its retention time and
     * its last page was replaced before the oldest version still in use. It never syncs: the 45 s are
     * its guess at how long the operating system takes to write what it was given, so that after a
     * power cut no chunk was overwritten whose replacement never reached the disk. Here the guess is
     * replaced by a sync: each call holds the store's current version
     * ({@link MVStore#registerVersionUsage()}), so H2 overwrites no chunk replaced at or after it, and
     * lets go of a held version only once a sync has covered every chunk written before it. The
     * retention time then only has to cover the time from one sync to the next. Returns whether it synced.
     */
    synchronized boolean sync() {
        if (!h2File || interval.isZero()) {
            return false;
        }
        try {
            MVStore mv = store();
            if (mv != synced) {
                held.clear();  // a store closed and opened again: its versions went with it
                synced = mv;
            }
            held.addLast(mv.registerVersionUsage());
            long written = mv.getFileStore().lastChunkVersion();
            syncer.accept(mv);
            // A held version v keeps every chunk replaced at v or later. Letting go of the oldest makes the
            // next held version n the limit: chunks replaced before n may then be overwritten, and their
            // replacements are in chunks up to n - 1. So it goes once the sync covered n (one to spare).
            while (held.size() > 1) {
                Iterator<MVStore.TxCounter> oldestFirst = held.iterator();
                long oldest = oldestFirst.next().version;
                long next = oldestFirst.next().version;
                if (next != oldest && next > written) {
                    break;
                }
                mv.deregisterVersionUsage(held.pollFirst());
            }
            if (mv.getFileStore().getRetentionTime() != retentionMillis) {
                mv.setRetentionTime(retentionMillis);
                LOG.info("H2's file is synced every {} ms; chunks replaced before a sync are overwritten after {} ms",
                        interval.toMillis(), retentionMillis);
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            restoreRetention();
            LOG.warn("H2's file could not be synced, H2's own retention time applies again: {}", e.toString());
            return false;
        }
    }

    /** How many versions it holds now (a test's look). */
    synchronized int heldVersions() {
        return held.size();
    }

    /** H2's own retention time again, and every held version let go (on a failed sync and at stop). */
    private void restoreRetention() {
        MVStore mv = synced;
        synced = null;
        if (mv == null || mv.isClosed()) {
            held.clear();
            return;
        }
        mv.setRetentionTime(mv.getFileStore().getDefaultRetentionTime());
        while (!held.isEmpty()) {
            mv.deregisterVersionUsage(held.pollFirst());
        }
    }

    /** One step while the service runs; returns whether it rewrote anything. */
    boolean step() {
        if (!h2File || fillRate <= 0) {
            return false;
        }
        try {
            MVStore mv = store();
            if (LOG.isDebugEnabled() && System.nanoTime() - lastDebug > TimeUnit.SECONDS.toNanos(30)) {
                lastDebug = System.nanoTime();
                StringBuilder info = new StringBuilder();
                mv.getFileStore().populateInfo((name, value) -> info.append(' ').append(name).append('=').append(value));
                LOG.debug("H2's file:{}", info);
            }
            // Only chunks older than the retention time can be rewritten; the younger ones (most of
            // them while reports come in) are replaced or dropped anyway.
            if (Integer.parseInt(info(mv, "info.CHUNKS_FILL_RATE_RW")) >= fillRate) {
                return false;
            }
            long started = System.nanoTime();
            // the pages it moved go to disk with the next commit of the pipeline's, or with this one
            boolean rewritten = mv.compact(fillRate, RUNNING_STEP_BYTES);
            if (rewritten) {
                mv.commit();
                summarize(System.nanoTime() - started, mv);
            }
            return rewritten;
        } catch (SQLException | RuntimeException e) {
            store = null;
            LOG.debug("H2 maintenance step skipped: {}", e.toString());
            return false;
        }
    }

    /** Every {@link #SUMMARY_NANOS}: how many steps ran, how long they took, where the file stands. */
    private synchronized void summarize(long nanos, MVStore mv) {
        summarySteps++;
        summaryNanos += nanos;
        summaryLongestNanos = Math.max(summaryLongestNanos, nanos);
        long now = System.nanoTime();
        if (now - summarySince >= SUMMARY_NANOS) {
            LOG.info("H2 chunks rewritten in {} steps in the last {} min ({} ms in all, longest {} ms): {} chunks at {} % live, file {} MB",
                    summarySteps, TimeUnit.NANOSECONDS.toMinutes(now - summarySince), TimeUnit.NANOSECONDS.toMillis(summaryNanos),
                    TimeUnit.NANOSECONDS.toMillis(summaryLongestNanos), chunkCount(mv), mv.getFileStore().getChunksFillRate(),
                    mv.getFileStore().size() >> 20);
            summarySince = now;
            summarySteps = 0;
            summaryNanos = 0;
            summaryLongestNanos = 0;
        }
    }

    /** H2's store, looked up once through a connection of the pool (again after it was closed). */
    private MVStore store() throws SQLException {
        MVStore mv = store;
        if (mv == null || mv.isClosed()) {
            try (Connection connection = dataSource.getConnection()) {
                mv = ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore().getMvStore();
            }
            store = mv;
        }
        return mv;
    }

    void registerGauges(MeterRegistry registry) {
        if (!h2File) {
            return;
        }
        gauge(registry, "meldeweg.h2.file.size", "bytes", "Size of the embedded H2 file", mv -> mv.getFileStore().size());
        gauge(registry, "meldeweg.h2.chunks", null, "Chunks in the embedded H2 file", mv -> Double.parseDouble(chunkCount(mv)));
        gauge(registry, "meldeweg.h2.chunks.live", "percent", "Live share of the H2 file's chunks (the rewrite steps start below meldeweg.memory.h2-compact-fill-rate in the chunks older than the retention time)",
                mv -> mv.getFileStore().getChunksFillRate());
    }

    private void gauge(MeterRegistry registry, String name, String unit, String description, ToDoubleFunction<MVStore> value) {
        Gauge.builder(name, this, m -> {
            try {
                return value.applyAsDouble(m.store());
            } catch (SQLException | RuntimeException e) {
                return Double.NaN;
            }
        }).baseUnit(unit).description(description).register(registry);
    }

    /** H2's {@code info.CHUNK_COUNT} (the count itself is not public). */
    static String chunkCount(MVStore store) {
        return info(store, "info.CHUNK_COUNT");
    }

    /** One of H2's {@code info.*} figures of the file (as {@code INFORMATION_SCHEMA.SETTINGS} shows them). */
    private static String info(MVStore store, String key) {
        String[] found = {"?"};
        store.getFileStore().populateInfo((name, value) -> {
            if (name.equals(key)) {
                found[0] = value;
            }
        });
        return found[0];
    }

    @Override
    public synchronized void start() {
        if (!h2File || interval.isZero() || stepper != null) {
            return;
        }
        stepper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "h2-maintenance");
            t.setDaemon(true);
            return t;
        });
        stepper.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = stepper;
            stepper = null;
        }
        if (running != null) {
            running.shutdownNow();
            try {
                running.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            try {
                restoreRetention();
            } catch (RuntimeException e) {
                LOG.debug("H2's retention time not restored: {}", e.toString());
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return stepper != null;
    }
}
