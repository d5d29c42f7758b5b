package de.meldeweg.intake;

import java.time.ZoneId;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code meldeweg.intake.*}: which message types make reports, and how stored events are polled.
 */
@ConfigurationProperties("meldeweg.intake")
public record IntakeProperties(Set<String> acceptedTypes, int batchSize, int maxAttempts, ZoneId timeZone) {
}
