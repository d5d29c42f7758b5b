package de.meldeweg.privacy;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code meldeweg.retention.*}: how long personal data is kept, and when the purge runs.
 * Defaults in application.yaml; a wrong value stops the start and names the setting.
 *
 * @param afterClosed  a closed case and its messages are kept this long after closing
 * @param maxAge       the hard maximum for any personal data, whatever the state of its case
 * @param eventsAfter  raw webhook events are kept this long after they were processed (and WhatsApp's error reports as long)
 * @param mediaAfter   photo bytes are kept this long after their case reached the department on every channel
 * @param auditAfter   an erasure's audit row (keyed hashes, counts, no content) is kept this long: it proves that
 *                     and when a "Löschen" was carried out while a claim about it can still be raised
 * @param consoleAuditAfter the console's audit log ({@code console_audit}: which member of staff did what to which
 *                     case, when, and why) is kept this long: long enough to answer a complaint about a decision or
 *                     a revision of the office's work, short enough that staff names do not pile up for ever
 * @param batchSize    rows per short transaction
 * @param cron         Quartz cron of the purge in {@code meldeweg.time-zone}; read by the route
 */
@Validated
@ConfigurationProperties("meldeweg.retention")
public record RetentionProperties(
        @NotNull @DurationMin(days = 7, message = KEPT_FOR_DEDUPLICATION) Duration afterClosed,
        @NotNull @DurationMin(days = 7, message = KEPT_FOR_DEDUPLICATION) Duration maxAge,
        @NotNull @DurationMin(millis = 0) Duration eventsAfter,
        @NotNull @DurationMin(millis = 0) Duration mediaAfter,
        @NotNull @DurationMin(days = 7, message = "must be at least P7D: an erasure's keys must stay while WhatsApp may "
                + "still redeliver the erased messages") Duration auditAfter,
        @NotNull @DurationMin(days = 1) Duration consoleAuditAfter,
        @Min(1) int batchSize,
        @NotBlank String cron) {

    /**
     * Meta redelivers a webhook for up to seven days, and deduplication needs the message's keyed
     * id ({@code inbound_message.message_key}) for that long: a message row must outlive it.
     */
    public static final Duration REDELIVERY_WINDOW = Duration.ofDays(7);

    static final String KEPT_FOR_DEDUPLICATION = "must be at least P7D: a message's id must stay for deduplication "
            + "while WhatsApp may still redeliver it";

    /** The one check that spans two settings; each setting's own limits are the annotations above. */
    public RetentionProperties {
        if (maxAge != null && afterClosed != null && maxAge.compareTo(afterClosed) < 0) {
            throw new IllegalArgumentException("meldeweg.retention.max-age (" + maxAge + ") must not be shorter than "
                    + "meldeweg.retention.after-closed (" + afterClosed + ")");
        }
    }
}
