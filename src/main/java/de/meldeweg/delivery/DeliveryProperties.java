package de.meldeweg.delivery;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code meldeweg.delivery.*}: how forwarded cases reach the department (mail and ticket).
 * Defaults in application.yaml; a wrong value stops the start and names the setting.
 *
 * @param interval    how often due deliveries are looked for (route delivery-send), e.g. 1s
 * @param batch       deliveries claimed per look
 * @param senders     deliveries sent at the same time (thread pool deliverySenders; each waits on the SMTP server or the ticket system)
 * @param maxAttempts attempts of one delivery before it becomes a dead letter for an admin
 * @param retryInitial pause before the second attempt; it doubles with every further one, at most six hours
 * @param lease       how long a claimed delivery is left to its instance before another takes it up (after a crash)
 */
@Validated
@ConfigurationProperties("meldeweg.delivery")
public record DeliveryProperties(@NotNull @DurationMin(millis = 10) Duration interval, @Min(1) @Max(1000) int batch,
                                 @Min(1) @Max(64) int senders, @Min(1) int maxAttempts,
                                 @NotNull @DurationMin(millis = 1) Duration retryInitial,
                                 @NotNull @DurationMin(seconds = 1) Duration lease) {
}
