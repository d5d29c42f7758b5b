package de.meldeweg.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.mock.env.MockEnvironment;

import de.meldeweg.MeldewegApplication;
import de.meldeweg.whatsapp.WebhookSignature;

/**
 * The service starts only with its secrets; the public development values exist only in the dev
 * profile (mvn spring-boot:run); prod additionally needs PostgreSQL and safe token lengths.
 */
class ProductionProfileCheckTest {

    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String DEV_KEY = "bWVsZGV3ZWctZGV2ZWxvcG1lbnQtb25seS1lbmNyeXA=";

    private static MockEnvironment prod() {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("prod");
        return environment;
    }

    private static MockEnvironment withSecrets(MockEnvironment environment) {
        return environment.withProperty("meldeweg.whatsapp.app-secret", "0123456789abcdef0123456789abcdef")
                .withProperty("meldeweg.crypto.key", KEY).withProperty("meldeweg.crypto.hash-key", KEY);
    }

    private static MockEnvironment complete() {
        return withSecrets(prod()).withProperty("spring.datasource.url", "jdbc:postgresql://db.stadt.example:5432/meldeweg");
    }

    @Test
    void withoutAnyProfileTheSecretsAreNeededOnH2AsOnPostgres() {
        for (String url : new String[] {"jdbc:h2:file:./data/meldeweg", "jdbc:postgresql://db/meldeweg"}) {
            assertThat(ProductionProfileCheck.missing(new MockEnvironment().withProperty("spring.datasource.url", url)))
                    .hasSize(3)
                    .anySatisfy(m -> assertThat(m).startsWith("meldeweg.whatsapp.app-secret is not set").contains("MELDEWEG_WHATSAPP_APP_SECRET"))
                    .anySatisfy(m -> assertThat(m).startsWith("meldeweg.crypto.key is not set").contains("MELDEWEG_CRYPTO_KEY"))
                    .anySatisfy(m -> assertThat(m).startsWith("meldeweg.crypto.hash-key is not set").contains("MELDEWEG_CRYPTO_HASH_KEY"));
            assertThat(ProductionProfileCheck.missing(withSecrets(new MockEnvironment()).withProperty("spring.datasource.url", url))).isEmpty();
        }
    }

    @Test
    void theDevelopmentValuesRunInTheDevProfileOnly() {
        MockEnvironment devValues = new MockEnvironment().withProperty("meldeweg.whatsapp.app-secret", WebhookSignature.DEVELOPMENT_SECRET)
                .withProperty("meldeweg.crypto.key", DEV_KEY).withProperty("meldeweg.crypto.hash-key", KEY);
        assertThat(ProductionProfileCheck.missing(devValues)).hasSize(2)
                .allSatisfy(m -> assertThat(m).contains("public development value").doesNotContain(DEV_KEY)
                        .doesNotContain(WebhookSignature.DEVELOPMENT_SECRET));
        devValues.setActiveProfiles("dev");
        assertThat(ProductionProfileCheck.missing(devValues)).isEmpty();
    }

    @Test
    void theContextWorkedOutAheadOfTimeRunsWithoutTheDevProfileOnly() {
        // mvn -Paot package works the context out for production, without the development beans;
        // -Dspring.aot.enabled=true runs it. The dev profile with it is refused, production starts.
        MockEnvironment dev = new MockEnvironment().withProperty("meldeweg.whatsapp.app-secret", WebhookSignature.DEVELOPMENT_SECRET)
                .withProperty("meldeweg.crypto.key", DEV_KEY).withProperty("meldeweg.crypto.hash-key", KEY);
        dev.setActiveProfiles("dev");
        assertThat(ProductionProfileCheck.missing(dev, false)).isEmpty();
        assertThat(ProductionProfileCheck.missing(dev, true)).singleElement().asString()
                .contains("'dev' profile cannot run with -Dspring.aot.enabled=true");
        assertThat(ProductionProfileCheck.missing(withSecrets(new MockEnvironment()), true)).isEmpty();
        assertThat(ProductionProfileCheck.missing(complete(), true)).isEmpty();
    }

    @Test
    void prodWithEmbeddedDefaultsNamesEverythingThatIsMissing() {
        assertThat(ProductionProfileCheck.missing(prod().withProperty("spring.datasource.url", "jdbc:h2:file:./data/meldeweg")))
                .hasSize(4)
                .anySatisfy(m -> assertThat(m).startsWith("spring.datasource.url must point to PostgreSQL"))
                .anySatisfy(m -> assertThat(m).startsWith("meldeweg.whatsapp.app-secret"))
                .anySatisfy(m -> assertThat(m).startsWith("meldeweg.crypto.key").contains("MELDEWEG_CRYPTO_KEY"))
                .anySatisfy(m -> assertThat(m).startsWith("meldeweg.crypto.hash-key").contains("MELDEWEG_CRYPTO_HASH_KEY"));
    }

    @Test
    void prodRefusesTheDevelopmentAppSecretAndShortTokens() {
        MockEnvironment environment = complete().withProperty("meldeweg.whatsapp.app-secret", WebhookSignature.DEVELOPMENT_SECRET)
                .withProperty("meldeweg.admin.token", "secret");
        assertThat(ProductionProfileCheck.missing(environment)).hasSize(2)
                .allSatisfy(m -> assertThat(m).doesNotContain(WebhookSignature.DEVELOPMENT_SECRET).doesNotContain("secret\""));
    }

    @Test
    void prodWithRealSettingsStarts() {
        assertThat(ProductionProfileCheck.missing(complete().withProperty("meldeweg.admin.token", "a-long-enough-admin-token"))).isEmpty();
    }

    @Test
    void theJarWithoutKeysAndAppSecretRefusesToStartOnH2NamingTheMissingSettings() {
        SpringApplicationBuilder service = new SpringApplicationBuilder(MeldewegApplication.class).web(WebApplicationType.NONE);
        assertThatThrownBy(() -> service.run("--spring.datasource.url=jdbc:h2:mem:no-keys", "--meldeweg.whatsapp.app-secret=",
                "--meldeweg.crypto.key=", "--meldeweg.crypto.hash-key="))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Meldeweg refuses to start")
                .hasMessageContaining("meldeweg.whatsapp.app-secret").hasMessageContaining("meldeweg.crypto.key")
                .hasMessageContaining("meldeweg.crypto.hash-key").hasMessageContaining("mvn spring-boot:run");
    }

    /** Only the configuration of an application (no beans): what mvn spring-boot:run reads, with ./config/application.yaml. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class NoBeans {
    }

    @Test
    void theDevProfileOfMvnSpringBootRunHasItsDevelopmentValuesDespiteTheCitysConfigFolder() {
        SpringApplicationBuilder configuration = new SpringApplicationBuilder(NoBeans.class).web(WebApplicationType.NONE);
        try (var context = configuration.run("--spring.profiles.active=dev")) {
            assertThat(context.getEnvironment().getProperty("meldeweg.crypto.key")).isEqualTo(DEV_KEY);
            assertThat(context.getEnvironment().getProperty("meldeweg.whatsapp.app-secret")).isEqualTo(WebhookSignature.DEVELOPMENT_SECRET);
        }
        // Meldeweg itself without the dev profile: refused before any bean is made.
        assertThatThrownBy(() -> new SpringApplicationBuilder(de.meldeweg.MeldewegApplication.class).web(WebApplicationType.NONE).run().close())
                .hasMessageStartingWith("Meldeweg refuses to start");
    }

    @Test
    void theServiceRefusesToStartInProdOnItsEmbeddedDefaults() {
        SpringApplicationBuilder service = new SpringApplicationBuilder(MeldewegApplication.class).profiles("prod")
                .web(WebApplicationType.NONE);
        assertThatThrownBy(() -> service.run("--spring.datasource.url=jdbc:h2:mem:prod-check", "--meldeweg.whatsapp.app-secret=",
                "--meldeweg.crypto.key=", "--meldeweg.crypto.hash-key="))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("The 'prod' profile refuses to start")
                .hasMessageContaining("spring.datasource.url").hasMessageContaining("meldeweg.crypto.key");
    }
}
