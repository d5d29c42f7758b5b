package de.meldeweg.replies;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Answers from departments ({@code meldeweg.replies.*}).
 *
 * @param closeMarker     text in a mail's subject that closes the case with the answer (case-insensitive)
 * @param maxParts        WhatsApp messages one answer may take; a longer answer is shortened with a note
 * @param allowedDomains  sender domains accepted besides the case department's own, comma-separated ({@code *}: any)
 * @param ticketEvery     how often one open case's ticket is looked at
 * @param ticketBatch     tickets looked at per round of the ticket route at most
 */
@ConfigurationProperties("meldeweg.replies")
public record ReplyProperties(
        @DefaultValue("[erledigt]") String closeMarker,
        @DefaultValue("3") int maxParts,
        @DefaultValue("") String allowedDomains,
        @DefaultValue("PT15M") Duration ticketEvery,
        @DefaultValue("10") int ticketBatch) {

    public ReplyProperties {
        closeMarker = closeMarker == null ? "" : closeMarker.strip();
        allowedDomains = allowedDomains == null ? "" : allowedDomains.strip();
        maxParts = Math.max(1, maxParts);
        ticketBatch = Math.max(1, ticketBatch);
    }
}
