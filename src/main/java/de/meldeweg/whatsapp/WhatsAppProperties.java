package de.meldeweg.whatsapp;

import java.time.Duration;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
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
        @NotNull @DurationMin(millis = 0) Duration perCitizenInterval,
        @NotNull List<String> mediaHosts,
        @NotNull @Valid AnswerTemplate answerTemplate,
        @Min(1) @Max(64) int senders) {

    /**
     * The approved template that tells a citizen outside the 24-hour window that an answer waits.
     *
     * @param name     the template's name as approved in WhatsApp Manager; empty: no template is sent
     * @param language the template's language code
     */
    public record AnswerTemplate(String name, @NotBlank String language) {
        public AnswerTemplate {
            name = name == null ? "" : name.strip();
            language = language == null ? null : language.strip();
        }
    }

    /** Sending goes to the Graph API only with a token and a number; otherwise to the outbox folder. */
    public boolean sendingConfigured() {
        return notBlank(accessToken) && notBlank(phoneNumberId) && notBlank(apiBaseUrl);
    }

    static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
