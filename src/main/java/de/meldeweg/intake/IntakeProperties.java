package de.meldeweg.intake;

import java.time.Duration;
import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code meldeweg.intake.*}: which message types make reports, and how stored events are taken.
 * Defaults in application.yaml; a wrong value stops the start and names the setting.
 *
 * @param acceptedTypes WhatsApp message types that become reports (the city's terms: text and image; location possible)
 * @param pollInterval  how often stored webhook events are looked for (route intake), e.g. 100ms
 * @param batchSize     events taken together in one transaction
 * @param maxAttempts   attempts before an event that keeps failing is parked as FAILED
 * @param retryInitial  pause before a failed event is tried again, doubling with every further attempt
 * @param burstRate     above this many webhooks per second intake runs only every burst-every-th poll (0: never paced)
 * @param burstEvery    during a burst, intake runs on every burst-every-th poll
 * @param idlePollInterval how often intake looks when a poll found nothing and no webhook was stored since, e.g. 1s
 */
@Validated
@ConfigurationProperties("meldeweg.intake")
public record IntakeProperties(@NotEmpty Set<String> acceptedTypes, @NotNull Duration pollInterval,
                               @Min(1) @Max(10000) int batchSize, @Min(1) int maxAttempts, @NotNull Duration retryInitial,
                               @Min(0) int burstRate, @Min(1) int burstEvery,
                               @NotNull Duration idlePollInterval) {
}
