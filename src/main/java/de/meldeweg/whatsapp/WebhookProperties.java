package de.meldeweg.whatsapp;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How webhook requests are taken in ({@code meldeweg.webhook.*}). Defaults in application.yaml; a wrong
 * value stops the start and names the setting.
 *
 * @param bodyBytesInFlight all webhook bodies being read at the same time together stay below this (at least
 *                          {@code meldeweg.whatsapp.max-body-bytes}), so a flood of large requests cannot fill the memory
 * @param bodyWait          how long a request waits for room among the bodies in flight before it is answered 429
 *                          (Meta sends it again)
 * @param requestsInFlight  at most this many webhook requests are read and stored at the same time; one more waits up
 *                          to {@code bodyWait} for a place, then is answered 429 with Retry-After (Meta sends it again)
 * @param writerThreads     threads that write received webhooks into the database, each in batches
 * @param writerBatch       webhooks written in one transaction at most
 */
@Validated
@ConfigurationProperties("meldeweg.webhook")
public record WebhookProperties(@NotNull DataSize bodyBytesInFlight, @NotNull @DurationMin(millis = 0) Duration bodyWait,
                                @Min(1) @Max(16) int writerThreads, @Min(1) @Max(10000) int writerBatch,
                                @Min(1) @Max(10000) int requestsInFlight) {
}
