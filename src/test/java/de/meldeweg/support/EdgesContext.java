package de.meldeweg.support;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;

/**
 * One Spring context for the scenario classes that forward cases to the departments' systems: the
 * pipeline's short timers and the {@link EdgeServers} of the test JVM (SMTP, Zammad, Graph API). A class
 * that extends this and declares no property source of its own reuses the context another such class
 * started in the same test JVM (the one {@code @DynamicPropertySource} method below is part of Spring's
 * context cache key, so it lives here and nowhere else). The settings are the union of what those
 * classes need; delivery retries start at 0.3 s, at most 4 attempts (the outage tests count on them).
 * Its PostgreSQL twin adds {@code @ContextConfiguration(initializers = EdgesContext.OnPostgres.class)}
 * (database {@code edges}). Every test starts from empty tables, an empty SMTP server and WireMocks
 * without stubs.
 */
@ExtendWith(EdgeServers.class)
@TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:edges;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE",
        "meldeweg.mail.reply-to=antwort@stadt-calw.example",
        "meldeweg.case.grouping-window=PT1S",
        "meldeweg.case.assembly-interval=200",
        "meldeweg.delivery.interval=200",
        "meldeweg.delivery.retry-initial=PT0.3S",
        "meldeweg.delivery.max-attempts=4",
        "meldeweg.admin.token=" + EdgesContext.ADMIN_TOKEN
})
public abstract class EdgesContext extends MeldewegTestBase {

    public static final String ADMIN_TOKEN = "admin-test-token";
    public static final String ZAMMAD_TOKEN = EdgeServers.ZAMMAD_TOKEN;

    @DynamicPropertySource
    static void edges(DynamicPropertyRegistry registry) {
        EdgeServers.properties(registry);
    }

    protected static GreenMail mail() {
        return EdgeServers.mail();
    }

    protected static WireMockServer zammad() {
        return EdgeServers.zammad();
    }

    protected static WireMockServer graph() {
        return EdgeServers.graph();
    }

    /** The same context on the embedded PostgreSQL (one database, {@code edges}, for all its classes). */
    public static final class OnPostgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of("spring.datasource.url=" + Postgres.jdbcUrl("edges"), "spring.datasource.username=postgres",
                    "spring.datasource.password=postgres").applyTo(context);
        }
    }
}
