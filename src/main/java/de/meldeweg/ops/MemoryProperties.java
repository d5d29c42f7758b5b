package de.meldeweg.ops;

import java.time.Duration;

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
 */
@Validated
@ConfigurationProperties("meldeweg.memory")
public record MemoryProperties(@NotNull @DurationMin(millis = 0) Duration idleCollectionAfter,
                               @NotNull DataSize idleCollectionMinGrowth) {
}
