package de.meldeweg.whatsapp;

import java.time.Duration;
import java.util.List;

/**
 * WhatsApp settings for a test that builds its beans without Spring, or that needs the service's
 * settings with one value changed: each test names only the values it is about.
 */
final class WhatsAppSettings {

    private final WhatsAppProperties from;
    private String verifyToken;
    private int sendBatch;
    private Duration perCitizenInterval;
    private int senders;

    private WhatsAppSettings(WhatsAppProperties from) {
        this.from = from;
        this.verifyToken = from.verifyToken();
        this.sendBatch = from.sendBatch();
        this.perCitizenInterval = from.perCitizenInterval();
        this.senders = from.senders();
    }

    /**
     * A test's settings: no access token or number (sending goes to the outbox folder), app secret
     * {@code secret}, 1 MB bodies, 40 per claim, six seconds between two messages to one citizen and
     * four senders as in application.yaml; three attempts, a first retry after one second, 20 a second
     * and no answer template, which application.yaml sets otherwise.
     */
    static WhatsAppSettings defaults() {
        return new WhatsAppSettings(new WhatsAppProperties("https://graph.facebook.com/v21.0", "", "", "secret", "",
                1_048_576, 3, 40, Duration.ofSeconds(1), 20, Duration.ofSeconds(6), List.of("lookaside.fbsbx.com"),
                new WhatsAppProperties.AnswerTemplate("", "de"), 4));
    }

    /** These settings, to change some of them. */
    static WhatsAppSettings from(WhatsAppProperties settings) {
        return new WhatsAppSettings(settings);
    }

    WhatsAppSettings verifyToken(String token) {
        this.verifyToken = token;
        return this;
    }

    WhatsAppSettings sendBatch(int batch) {
        this.sendBatch = batch;
        return this;
    }

    WhatsAppSettings perCitizenInterval(Duration interval) {
        this.perCitizenInterval = interval;
        return this;
    }

    WhatsAppSettings senders(int count) {
        this.senders = count;
        return this;
    }

    WhatsAppProperties build() {
        return new WhatsAppProperties(from.apiBaseUrl(), from.phoneNumberId(), from.accessToken(), from.appSecret(),
                verifyToken, from.maxBodyBytes(), from.maxAttempts(), sendBatch, from.retryInitial(), from.ratePerSecond(),
                perCitizenInterval, from.mediaHosts(), from.answerTemplate(), senders);
    }
}
