package de.meldeweg.replies;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Answers from departments ({@code meldeweg.replies.*}).
 *
 * @param closeMarker     text in a mail's subject that closes the case with the answer (case-insensitive)
 * @param maxParts        WhatsApp messages one answer may take; a longer answer is shortened with a note
 * @param explainDomains  domains (with their subdomains) whose senders get an explanation for a mail that is not relayed,
 *                        comma-separated; empty: the domains of {@code meldeweg.mail.from} and {@code meldeweg.mail.reply-to}
 * @param explainEvery    at most one explanation per sender within this time
 * @param ticketEvery     how often one open case's ticket is looked at
 * @param ticketBatch     tickets looked at per round of the ticket route at most
 */
@ConfigurationProperties("meldeweg.replies")
public record ReplyProperties(
        @DefaultValue("[erledigt]") String closeMarker,
        @DefaultValue("3") int maxParts,
        @DefaultValue("") String explainDomains,
        @DefaultValue("PT1H") Duration explainEvery,
        @DefaultValue("PT15M") Duration ticketEvery,
        @DefaultValue("10") int ticketBatch) {

    public ReplyProperties {
        closeMarker = closeMarker == null ? "" : closeMarker.strip();
        explainDomains = explainDomains == null ? "" : explainDomains.strip();
        explainEvery = explainEvery == null ? Duration.ofHours(1) : explainEvery;
        maxParts = Math.max(1, maxParts);
        ticketBatch = Math.max(1, ticketBatch);
    }
}
