package de.meldeweg;

import java.time.ZoneId;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The settings every feature shares ({@code meldeweg.*}). Defaults in application.yaml; a wrong value
 * stops the start and names the setting.
 *
 * @param timeZone     one clock for people: dates in mails, tickets and texts to citizens, outbox file names,
 *                     the "one hint per day" boundary, the statistics' days and months, the purge's cron and the log
 * @param outboxDir    folder of mails and WhatsApp messages when no SMTP server or Graph API is configured
 * @param templatesDir folder of the mail and ticket templates
 */
@Validated
@ConfigurationProperties("meldeweg")
public record MeldewegProperties(@NotNull ZoneId timeZone, @NotBlank String outboxDir, @NotBlank String templatesDir) {
}
