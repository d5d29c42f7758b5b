package de.meldeweg.ops;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code meldeweg.memory.*}: giving memory back once the service has gone idle. Defaults in
 * application.yaml; a wrong value stops the start and names the setting.
 *
 * @param idleCollectionAfter once the service has stored no webhook and the pipeline has had no work
 *                            due or under way in its tables for this long (a retry waiting for its
 *                            time does not count), it runs one full collection, so that the JVM can
 *                            hand the heap's garbage back ({@link IdleCollection}); 0 turns it off
 * @param idleCollectionMinGrowth only when the heap's old generation or its committed size has grown
 *                            by at least this much since the last idle collection (a single report of
 *                            a quiet day promotes far less and is not worth a collection)
 * @param h2CompactFillRate   with the embedded H2 file, its chunks are rewritten while less than this percentage
 *                            of the pages in those old enough to be rewritten is live: one step (at most 256 KB)
 *                            at every {@code h2-sync-interval}, and for up to 2 s right before that collection
 *                            ({@link H2Maintenance}; with WRITE_DELAY=0 H2 never does it itself, and the file
 *                            grows with every report); 0 turns it off
 * @param h2SyncInterval      how often the embedded H2 file is forced to disk (fsync). H2 then reuses the space of
 *                            a chunk whose pages were all replaced before such a sync after 5 s instead of its own
 *                            45 s, and its file stays near 5 s of writes plus its live data instead of growing with
 *                            every report ({@link H2Maintenance}); 0 leaves H2's own 45 s and no step while the
 *                            service works
 */
@Validated
@ConfigurationProperties("meldeweg.memory")
public record MemoryProperties(@NotNull @DurationMin(millis = 0) Duration idleCollectionAfter,
                               @NotNull DataSize idleCollectionMinGrowth,
                               @Min(0) @Max(100) int h2CompactFillRate,
                               @NotNull @DurationMin(millis = 0) Duration h2SyncInterval) {
}
