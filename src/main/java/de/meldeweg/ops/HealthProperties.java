package de.meldeweg.ops;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code meldeweg.health.*}: the checks of the outside systems (SMTP, IMAP, ticket system).
 * Defaults in application.yaml; a wrong value stops the start and names the setting.
 *
 * @param timeout how long one check waits for the system to connect and answer
 * @param cache   a check's result is reused this long, so frequent probes do not hammer the systems
 */
@Validated
@ConfigurationProperties("meldeweg.health")
public record HealthProperties(@NotNull @DurationMin(millis = 1) Duration timeout,
                               @NotNull @DurationMin(millis = 0) Duration cache) {
}
