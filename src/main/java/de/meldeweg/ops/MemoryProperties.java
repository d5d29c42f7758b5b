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
 * @param h2CompactFillRate   with the embedded H2 file, right before that collection the file's chunks are
 *                            rewritten while less than this percentage of their pages is live, for at most
 *                            2 s ({@link H2Maintenance}; with WRITE_DELAY=0 H2 never does it itself, and the
 *                            file grows with every report); 0 turns it off
 */
@Validated
@ConfigurationProperties("meldeweg.memory")
public record MemoryProperties(@NotNull @DurationMin(millis = 0) Duration idleCollectionAfter,
                               @NotNull DataSize idleCollectionMinGrowth,
                               @Min(0) @Max(100) int h2CompactFillRate) {
}
