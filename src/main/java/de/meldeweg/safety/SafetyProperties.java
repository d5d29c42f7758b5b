package de.meldeweg.safety;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code meldeweg.safety.*}: where the word lists live, the flood threshold, and the review mailbox
 * of the central complaint office.
 *
 * @param dir           folder with {@code emergency.txt} and {@code abuse.txt}
 * @param floodMessages more than this many messages of one sender within {@code floodWindow} is a flood
 * @param floodWindow   the flood's time window; a flooder's messages are held until it has passed quietly
 * @param reviewMailbox where held cases are announced (pseudonymized); empty: only the admin endpoint
 */
@ConfigurationProperties("meldeweg.safety")
public record SafetyProperties(
        @DefaultValue("./config/safety") String dir,
        @DefaultValue("20") int floodMessages,
        @DefaultValue("PT10M") Duration floodWindow,
        @DefaultValue("") String reviewMailbox) {

    public SafetyProperties {
        reviewMailbox = reviewMailbox == null ? "" : reviewMailbox.strip();
        if (floodMessages < 1) {
            throw new IllegalArgumentException("meldeweg.safety.flood-messages must be at least 1");
        }
        if (floodWindow == null || floodWindow.isNegative() || floodWindow.isZero()) {
            throw new IllegalArgumentException("meldeweg.safety.flood-window must be a positive duration");
        }
    }
}
