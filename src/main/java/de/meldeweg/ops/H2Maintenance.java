package de.meldeweg.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Rewrites the chunks of the embedded H2 file that hold mostly dead pages, once the service has gone
 * idle ({@link IdleCollection} calls it right before its collection).
 *
 * <p>Why: with {@code WRITE_DELAY=0} H2 (2.5.252) starts no background thread, and only that thread
 * rewrites chunks ({@code RandomAccessStore.doHousekeeping}). A chunk is freed only when none of its
 * pages is live any more, and nearly every chunk keeps one (a row stored once and never changed again);
 * so the file grows with every report (measured: 924 MB and 9,935 chunks at 5 % live after 14,253
 * webhooks, "Ninth round: memory" in docs/performance-rounds.md), every chunk is an object on the heap and
 * an entry of the layout map, and {@link H2CrashRecovery} scans the whole file after a crash.
 *
 * <p>What: while the chunks' fill rate is below {@code meldeweg.memory.h2-compact-fill-rate}, it calls
 * {@link MVStore#compact(int, int)}, for at most {@value #BUDGET_MILLIS} ms: the live pages of the
 * emptiest chunks are written once more as a new chunk, as H2's own background thread does. The old
 * chunks then hold nothing live and are dropped after H2's retention time (45 s, unchanged), and their
 * space is used for the next chunks; the file stops growing, it does not shrink. Nothing else changes
 * for a crash: the rewrite is one more commit of H2's, and {@link H2CrashRecovery} finds the newest
 * complete chunk as before. ({@link MVStore#compactFile(int)} would shrink the file, but sets the retention
 * time to 0 for good: then H2 may overwrite chunks before the system is known to have written the ones
 * after them.) Does nothing for PostgreSQL or in-memory H2; 0 turns it off.
 */
@Component
public class H2Maintenance {

    private static final Logger LOG = LoggerFactory.getLogger(H2Maintenance.class);
    static final long BUDGET_MILLIS = 2000;
    /** H2 rewrites up to this much per step and holds its store lock meanwhile: a webhook waits at most one step. */
    private static final int WRITE_PER_STEP = 1 << 20;

    private final DataSource dataSource;
    private final boolean h2File;
    private final int fillRate;
    private final long budgetMillis;

    @Autowired
    public H2Maintenance(DataSource dataSource, Environment environment, MemoryProperties memory) {
        this(dataSource, H2CrashRecovery.storeFile(environment.getProperty("spring.datasource.url")).isPresent(),
                memory.h2CompactFillRate(), BUDGET_MILLIS);
    }

    H2Maintenance(DataSource dataSource, boolean h2File, int fillRate, long budgetMillis) {
        this.dataSource = dataSource;
        this.h2File = h2File;
        this.fillRate = fillRate;
        this.budgetMillis = budgetMillis;
    }

    /** Compacts if the file's chunks are emptier than the setting; returns whether it rewrote anything. */
    public boolean run() {
        if (!h2File || fillRate <= 0) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            MVStore store = ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore().getMvStore();
            int before = store.getFileStore().getChunksFillRate();
            if (before >= fillRate) {
                return false;
            }
            String chunks = chunkCount(store);
            long started = System.nanoTime();
            long deadline = started + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
            int steps = 0;
            while (System.nanoTime() < deadline && store.compact(fillRate, WRITE_PER_STEP)) {
                steps++;
            }
            store.commit();
            if (steps == 0) {
                // e.g. right after the start: every chunk younger than H2's retention time, none to rewrite yet
                LOG.debug("Idle: no H2 chunk to rewrite yet ({} % live in {} chunks)", before, chunks);
                return false;
            }
            LOG.info("Idle: H2 chunks rewritten in {} ms ({} steps), chunks {} % live -> {} %, {} -> {} chunks, file {} MB",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), steps, before,
                    store.getFileStore().getChunksFillRate(), chunks, chunkCount(store),
                    store.getFileStore().size() >> 20);
            return steps > 0;
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Idle: H2 maintenance skipped: {}", e.toString());
            return false;
        }
    }

    /** H2's {@code info.CHUNK_COUNT} (the count itself is not public). */
    static String chunkCount(MVStore store) {
        String[] count = {"?"};
        store.getFileStore().populateInfo((name, value) -> {
            if (name.equals("info.CHUNK_COUNT")) {
                count[0] = value;
            }
        });
        return count[0];
    }
}
