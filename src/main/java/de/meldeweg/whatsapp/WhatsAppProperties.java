package de.meldeweg.whatsapp;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the city's WhatsApp Business number ({@code meldeweg.whatsapp.*}). Defaults in
 * application.yaml; a wrong value stops the start and names the setting. The Graph API's timeouts
 * and the routes' intervals are read by the routes ({@code {{millis:...}}}).
 * Each setting is explained beside its default in application.yaml (and in docs/configuration.md).
 */
@Validated
@ConfigurationProperties("meldeweg.whatsapp")
public record WhatsAppProperties(
        String apiBaseUrl,
        String phoneNumberId,
        String accessToken,
        String appSecret,
        String verifyToken,
        @Min(1024) long maxBodyBytes,
        @Min(1) int maxAttempts,
        @Min(1) @Max(1000) int sendBatch,
        @NotNull @DurationMin(millis = 1) Duration retryInitial,
        @Min(1) int ratePerSecond,
        @NotNull @DurationMin(millis = 0) Duration perCitizenInterval) {

    /** Sending goes to the Graph API only with a token and a number; otherwise to the outbox folder. */
    public boolean sendingConfigured() {
        return notBlank(accessToken) && notBlank(phoneNumberId) && notBlank(apiBaseUrl);
    }

    static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
