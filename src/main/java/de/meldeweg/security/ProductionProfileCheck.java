package de.meldeweg.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.springframework.aot.AotDetector;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import de.meldeweg.EmbeddedMode;

/**
 * Refuses to start without the secrets, before anything starts (registered in
 * {@code META-INF/spring.factories}, it runs right after the configuration is read, so nothing is
 * migrated, stored or served without them):
 * <ul>
 * <li>always: the Meta app secret and both crypto keys must be set, on H2 as on PostgreSQL;</li>
 * <li>outside the {@code dev} profile: none of them may be the public development value of
 * {@code application-dev.yaml} (that profile is what {@code mvn spring-boot:run} starts);</li>
 * <li>in the {@code prod} profile: PostgreSQL, not the embedded H2, and tokens of a safe length;</li>
 * <li>the {@code dev} profile never with the context worked out ahead of time ({@code mvn -Paot package},
 * {@code -Dspring.aot.enabled=true}): that context is the production one, fixed at build time without
 * the development beans, so the dev profile's settings would run without them.</li>
 * </ul>
 * The message names the settings and their environment variables, never their values.
 */
public class ProductionProfileCheck implements EnvironmentPostProcessor {

    public static final String PROFILE = "prod";
    static final List<String> SECRETS = List.of("meldeweg.whatsapp.app-secret", "meldeweg.crypto.key", "meldeweg.crypto.hash-key");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (application.getAllSources().stream().noneMatch(source -> source == de.meldeweg.MeldewegApplication.class)) {
            return; // another application in the same JVM (a test's identity provider), not Meldeweg
        }
        List<String> missing = missing(environment);
        if (!missing.isEmpty()) {
            boolean prod = environment.acceptsProfiles(Profiles.of(PROFILE));
            throw new IllegalStateException((prod ? "The 'prod' profile refuses to start: " : "Meldeweg refuses to start: ")
                    + String.join("; ", missing)
                    + ". (A trial on your own machine: mvn spring-boot:run, which uses the public development keys of the 'dev' profile.)");
        }
    }

    /** What keeps the service from starting with these settings; empty when nothing does. */
    static List<String> missing(Environment environment) {
        return missing(environment, AotDetector.useGeneratedArtifacts());
    }

    /** As {@link #missing(Environment)}; {@code aheadOfTime}: started with {@code -Dspring.aot.enabled=true}. */
    static List<String> missing(Environment environment, boolean aheadOfTime) {
        List<String> missing = new ArrayList<>();
        boolean dev = environment.acceptsProfiles(Profiles.of(EmbeddedMode.PROFILE));
        boolean prod = environment.acceptsProfiles(Profiles.of(PROFILE));
        if (dev && prod) {
            missing.add("the profiles 'dev' and 'prod' exclude each other");
        }
        if (dev && aheadOfTime) {
            missing.add("the 'dev' profile cannot run with -Dspring.aot.enabled=true (the context worked out at build time is"
                    + " the production one, without the development beans; start mvn spring-boot:run without that option)");
        }
        PropertySource<?> development = developmentDefaults();
        for (String secret : SECRETS) {
            String value = environment.getProperty(secret, "").trim();
            String variable = secret.toUpperCase().replace('.', '_').replace('-', '_');
            String how = secret.startsWith("meldeweg.crypto") ? "; openssl rand -base64 32" : "; the Meta app's secret";
            if (value.isEmpty()) {
                missing.add(secret + " is not set (" + variable + how + ")");
            } else if (!dev && value.equals(Objects.toString(development.getProperty(secret), ""))) {
                missing.add(secret + " is the public development value of the 'dev' profile (" + variable + how + ")");
            }
        }
        if (prod) {
            String url = environment.getProperty("spring.datasource.url", "");
            if (url.isBlank() || url.startsWith("jdbc:h2:")) {
                missing.add("spring.datasource.url must point to PostgreSQL (SPRING_DATASOURCE_URL), not the embedded H2");
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

    /** The public values of application-dev.yaml: known there only, recognised here so that they never run outside it. */
    private static PropertySource<?> developmentDefaults() {
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("development defaults",
                    new ClassPathResource("application-dev.yaml"));
            return sources.isEmpty() ? new org.springframework.core.env.MapPropertySource("none", java.util.Map.of()) : sources.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
