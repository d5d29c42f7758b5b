package de.meldeweg.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.mock.env.MockEnvironment;

import de.meldeweg.MeldewegApplication;
import de.meldeweg.whatsapp.WebhookSignature;

/** The prod profile starts only with real secrets and a real database. */
class ProductionProfileCheckTest {

    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private static MockEnvironment prod() {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("prod");
        return environment;
    }

    private static MockEnvironment complete() {
        return prod().withProperty("spring.datasource.url", "jdbc:postgresql://db.stadt.example:5432/meldeweg")
                .withProperty("meldeweg.whatsapp.app-secret", "0123456789abcdef0123456789abcdef")
                .withProperty("meldeweg.crypto.key", KEY).withProperty("meldeweg.crypto.hash-key", KEY);
    }

    @Test
    void withoutTheProdProfileTheEmbeddedDefaultsAreFine() {
        assertThat(ProductionProfileCheck.missing(new MockEnvironment())).isEmpty();
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
    void theServiceRefusesToStartInProdOnItsEmbeddedDefaults() {
        SpringApplicationBuilder service = new SpringApplicationBuilder(MeldewegApplication.class).profiles("prod")
                .web(WebApplicationType.NONE);
        assertThatThrownBy(() -> service.run("--spring.datasource.url=jdbc:h2:mem:prod-check", "--meldeweg.whatsapp.app-secret=",
                "--meldeweg.crypto.key=", "--meldeweg.crypto.hash-key="))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("The 'prod' profile refuses to start on embedded defaults")
                .hasMessageContaining("spring.datasource.url").hasMessageContaining("meldeweg.crypto.key");
    }
}
