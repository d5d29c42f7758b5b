package de.meldeweg.support;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;

import de.meldeweg.replies.MutableClock;

/**
 * One Spring context per database for the scenario classes that forward cases to the departments'
 * systems: the pipeline's short timers and the {@link EdgeServers} (SMTP, Zammad, Graph API). A class
 * extends this, names its database with {@code @ContextConfiguration(initializers = EdgesContext.OnH2.class)}
 * or {@code EdgesContext.OnPostgres.class} (database {@code edges} each) and declares no property source
 * of its own: then it reuses the context another such class started in the same test JVM (Spring's
 * context cache key holds every {@code @DynamicPropertySource} method, so there is none here; the
 * servers' ports come in through the initializers). The settings are the union of what those classes
 * need; delivery retries start at 0.3 s, at most 4 attempts (the outage tests count on them). The
 * service's clock is a {@link MutableClock} (UTC, the real time unless a test moves it), put back
 * before each test. Every test starts from empty tables, an empty SMTP server and WireMocks without stubs.
 */
@ExtendWith(EdgeServers.class)
@Import(MutableClock.Config.class)
@TestPropertySource(properties = {
        "meldeweg.mail.reply-to=antwort@stadt-calw.example",
        "meldeweg.case.grouping-window=PT1S",
        "meldeweg.case.assembly-interval=200",
        "meldeweg.delivery.interval=200",
        "meldeweg.delivery.retry-initial=PT0.3S",
        "meldeweg.delivery.max-attempts=4",
        "meldeweg.admin.token=" + EdgesContext.ADMIN_TOKEN,
        // late photos: the media fetch looks every 100 ms
        "meldeweg.whatsapp.media-interval=100",
        // a message to a citizen fails for good after 3 attempts (WhatsAppSendingScenarios counts them)
        "meldeweg.whatsapp.max-attempts=3"
})
public abstract class EdgesContext extends MeldewegTestBase {

    public static final String ADMIN_TOKEN = "admin-test-token";
    public static final String ZAMMAD_TOKEN = EdgeServers.ZAMMAD_TOKEN;

    /** The service's clock; a test may move it ({@code advance}), each test starts on the real time. */
    @Autowired
    protected MutableClock clock;

    @BeforeEach
    void realTime() {
        clock.reset();
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

    /** The context on H2 (database {@code edges}) with the H2 classes' set of servers. */
    public static final class OnH2 implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of("spring.datasource.url=jdbc:h2:mem:edges;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE")
                    .and(EdgeServers.properties("h2")).applyTo(context);
        }
    }

    /** The context on the embedded PostgreSQL (database {@code edges}) with the PostgreSQL classes' set of servers. */
    public static final class OnPostgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of("spring.datasource.url=" + Postgres.jdbcUrl("edges"), "spring.datasource.username=postgres",
                    "spring.datasource.password=postgres").and(EdgeServers.properties("postgres")).applyTo(context);
        }
    }
}
