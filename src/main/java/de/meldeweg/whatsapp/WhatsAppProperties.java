package de.meldeweg.whatsapp;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the city's WhatsApp Business number ({@code meldeweg.whatsapp.*}). */
@ConfigurationProperties("meldeweg.whatsapp")
public record WhatsAppProperties(
        String apiBaseUrl,
        String phoneNumberId,
        String accessToken,
        String appSecret,
        String verifyToken,
        long maxBodyBytes,
        int maxAttempts) {

    /** Sending goes to the Graph API only with a token and a number; otherwise to the outbox folder. */
    public boolean sendingConfigured() {
        return notBlank(accessToken) && notBlank(phoneNumberId) && notBlank(apiBaseUrl);
    }

    static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
