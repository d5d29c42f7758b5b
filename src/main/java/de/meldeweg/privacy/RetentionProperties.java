package de.meldeweg.privacy;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code meldeweg.retention.*}: how long personal data is kept, and when the purge runs.
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
 * @param cron         Quartz cron of the purge; read by the route
 * @param timeZone     the zone of the cron and of the statistics' months
 */
@ConfigurationProperties("meldeweg.retention")
public record RetentionProperties(
        @DefaultValue("P30D") Duration afterClosed,
        @DefaultValue("P180D") Duration maxAge,
        @DefaultValue("P7D") Duration eventsAfter,
        @DefaultValue("P7D") Duration mediaAfter,
        @DefaultValue("P1095D") Duration auditAfter,
        @DefaultValue("P730D") Duration consoleAuditAfter,
        @DefaultValue("500") int batchSize,
        @DefaultValue("0 0 2 * * ?") String cron,
        @DefaultValue("Europe/Berlin") ZoneId timeZone) {

    /**
     * Meta redelivers a webhook for up to seven days, and deduplication needs the message's keyed
     * id ({@code inbound_message.message_key}) for that long: a message row must outlive it.
     */
    public static final Duration REDELIVERY_WINDOW = Duration.ofDays(7);

    public RetentionProperties {
        require(afterClosed, "after-closed");
        require(maxAge, "max-age");
        if (maxAge.compareTo(afterClosed) < 0) {
            throw new IllegalArgumentException("meldeweg.retention.max-age (" + maxAge + ") must not be shorter than "
                    + "meldeweg.retention.after-closed (" + afterClosed + ")");
        }
        if (eventsAfter == null || eventsAfter.isNegative() || mediaAfter == null || mediaAfter.isNegative()) {
            throw new IllegalArgumentException("meldeweg.retention.events-after and .media-after must be durations of zero or more, e.g. P7D");
        }
        if (auditAfter == null || auditAfter.compareTo(REDELIVERY_WINDOW) < 0) {
            throw new IllegalArgumentException("meldeweg.retention.audit-after must be at least P7D (is " + auditAfter
                    + "): an erasure's keys must stay while WhatsApp may still redeliver the erased messages");
        }
        if (consoleAuditAfter == null || consoleAuditAfter.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("meldeweg.retention.console-audit-after must be at least P1D (is " + consoleAuditAfter + ")");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("meldeweg.retention.batch-size must be at least 1, is " + batchSize);
        }
    }

    private static void require(Duration value, String name) {
        if (value == null || value.compareTo(REDELIVERY_WINDOW) < 0) {
            throw new IllegalArgumentException("meldeweg.retention." + name + " must be at least P7D (is " + value
                    + "): a message's id must stay for deduplication while WhatsApp may still redeliver it");
        }
    }
}
