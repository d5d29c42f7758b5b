package de.meldeweg.replies;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Answers from departments ({@code meldeweg.replies.*}). Defaults in application.yaml; a wrong value
 * stops the start and names the setting.
 *
 * @param closeMarker     text in a mail's subject that closes the case with the answer (case-insensitive)
 * @param maxParts        WhatsApp messages one answer may take; a longer answer is shortened with a note
 * @param explainDomains  domains (with their subdomains) whose senders get an explanation for a mail that is not relayed,
 *                        comma-separated; empty: the domains of {@code meldeweg.mail.from} and {@code meldeweg.mail.reply-to}
 * @param explainEvery    at most one explanation per sender within this time
 * @param ticketEvery     how often one open case's ticket is looked at
 * @param ticketBatch     tickets looked at per round of the ticket route at most
 */
@Validated
@ConfigurationProperties("meldeweg.replies")
public record ReplyProperties(
        String closeMarker,
        @Min(1) int maxParts,
        String explainDomains,
        @NotNull @DurationMin(millis = 0) Duration explainEvery,
        @NotNull @DurationMin(millis = 1) Duration ticketEvery,
        @Min(1) int ticketBatch) {

    public ReplyProperties {
        closeMarker = closeMarker == null ? "" : closeMarker.strip();
        explainDomains = explainDomains == null ? "" : explainDomains.strip();
    }
}
