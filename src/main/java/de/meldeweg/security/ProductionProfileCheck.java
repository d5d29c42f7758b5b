package de.meldeweg.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

import de.meldeweg.whatsapp.WebhookSignature;

/**
 * In the {@code prod} profile the embedded conveniences are refused before anything starts: no H2,
 * no development app secret, no development crypto keys. Runs right after the configuration is
 * read (registered in {@code META-INF/spring.factories}), so nothing is migrated, stored or served
 * with a development default. The message names the settings, never their values.
 */
public class ProductionProfileCheck implements EnvironmentPostProcessor {

    public static final String PROFILE = "prod";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        List<String> missing = missing(environment);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The 'prod' profile refuses to start on embedded defaults: " + String.join("; ", missing));
        }
    }

    /** What keeps the environment from running in production; empty when nothing does or the profile is not active. */
    static List<String> missing(Environment environment) {
        List<String> missing = new ArrayList<>();
        if (!Arrays.asList(environment.getActiveProfiles()).contains(PROFILE)) {
            return missing;
        }
        String url = environment.getProperty("spring.datasource.url", "");
        if (url.isBlank() || url.startsWith("jdbc:h2:")) {
            missing.add("spring.datasource.url must point to PostgreSQL (SPRING_DATASOURCE_URL), not the embedded H2");
        }
        String appSecret = environment.getProperty("meldeweg.whatsapp.app-secret", "");
        if (appSecret.isBlank() || appSecret.equals(WebhookSignature.DEVELOPMENT_SECRET)) {
            missing.add("meldeweg.whatsapp.app-secret must be the Meta app's secret (MELDEWEG_WHATSAPP_APP_SECRET)");
        }
        for (String key : List.of("meldeweg.crypto.key", "meldeweg.crypto.hash-key")) {
            if (environment.getProperty(key, "").isBlank()) {
                missing.add(key + " must be set (" + key.toUpperCase().replace('.', '_').replace('-', '_')
                        + "; openssl rand -base64 32); the development keys are for the embedded mode only");
            }
        }
        for (String token : List.of("meldeweg.admin.token", "meldeweg.admin.review-token", "meldeweg.admin.viewer-token",
                "meldeweg.security.metrics-token")) {
            String value = environment.getProperty(token, "");
            if (!value.isEmpty() && value.length() < AccessGuard.MIN_TOKEN_LENGTH) {
                missing.add(token + " is shorter than " + AccessGuard.MIN_TOKEN_LENGTH + " characters");
            }
        }
        return missing;
    }
}
