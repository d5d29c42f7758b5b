package de.meldeweg.support;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import de.meldeweg.citizen.Citizens;
import de.meldeweg.privacy.PersonalDataCipher;

/**
 * The whole service with its real route files, on a real port; only the edges are replaced.
 * Subclasses choose the database (H2 or embedded PostgreSQL) with a {@code DynamicPropertySource}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "meldeweg.whatsapp.app-secret=" + Fixtures.APP_SECRET,
        "meldeweg.whatsapp.verify-token=" + Fixtures.VERIFY_TOKEN,
        "meldeweg.whatsapp.phone-number-id=" + Fixtures.PHONE_NUMBER_ID,
        "meldeweg.whatsapp.access-token=",
        // the Graph API's health probe would add GETs to the tests' Graph API stubs; GraphApiHealthTest runs it
        "meldeweg.whatsapp.health.first-delay=PT24H",
        // the statistics page counts everything at each request unless a test takes the snapshot itself
        "meldeweg.console.statistics.first-delay=PT24H",
        "meldeweg.crypto.key=" + Fixtures.CRYPTO_KEY,
        "meldeweg.crypto.hash-key=" + Fixtures.HASH_KEY,
        "meldeweg.intake.poll-interval=50",
        "meldeweg.intake.retry-initial=PT0.2S",
        "meldeweg.whatsapp.send-interval=100",
        "meldeweg.whatsapp.retry-initial=PT0.2S",
        // several messages to one citizen go out at once in tests; WhatsAppRateLimitTest tests the interval
        "meldeweg.whatsapp.per-citizen-interval=PT0S",
        // one outbox folder per test JVM (surefire runs two, see pom.xml)
        "meldeweg.outbox-dir=target/test-outbox-${meldeweg.test.fork:1}",
        // the .txt beside each .eml comes a moment later; OutboxFilesTest turns it on and checks it
        "meldeweg.outbox.mail-text=false",
        "meldeweg.templates-dir=config/templates",
        // At the end of the test JVM the cached contexts are closed while embedded PostgreSQL and
        // H2 go away in their own exit hooks: a context must not wait long for its timers then.
        "camel.main.shutdown-timeout=1",
        // Quartz registers its connection provider JVM-wide under the scheduler's name: the
        // contexts of one test JVM, each on its own database, need names of their own.
        "spring.quartz.scheduler-name=meldeweg-test-${random.uuid}",
        "server.shutdown=immediate"
})
public abstract class MeldewegTestBase {

    public static final List<String> TABLES = List.of("reply_message", "reply_held", "reply", "ticket_follow", "case_review",
            "flood_throttle", "webhook_event_citizen", "delivery", "inbound_message", "report_case", "outbound_message",
            "whatsapp_error", "webhook_event", "citizen", "erased_message", "erasure_audit", "case_statistics", "retention_run",
            "case_statistics_case");

    @LocalServerPort
    protected int port;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected PersonalDataCipher cipher;
    @Autowired
    protected Citizens citizens;
    protected Webhooks webhooks;

    @BeforeEach
    void cleanDatabase() {
        webhooks = new Webhooks(port);
        awaitIntakeIdle();
        for (String table : TABLES) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    protected static Path outboxDir() {
        return Path.of("target/test-outbox-" + System.getProperty("meldeweg.test.fork", "1"));
    }

    /** Waits until intake has taken every stored event. */
    protected void awaitIntakeIdle() {
        await().atMost(Duration.ofSeconds(20)).until(() ->
                jdbc.queryForObject("SELECT COUNT(*) FROM webhook_event WHERE state = 'RECEIVED'", Integer.class) == 0);
    }

    protected int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    /** Texts of our WhatsApp messages, as the query selects their (encrypted) bodies. */
    protected List<String> outboundBodies(String sql, Object... args) {
        return jdbc.queryForList(sql, String.class, args).stream().map(cipher::decrypt).toList();
    }

    /** The text of the one WhatsApp message the query selects. */
    protected String outboundBody(String sql, Object... args) {
        return cipher.decrypt(jdbc.queryForObject(sql, String.class, args));
    }

    protected String messageKey(String wamid) {
        return cipher.keyedHash("wamid", wamid);
    }

    protected long citizenByPhone(String phone) {
        return jdbc.queryForObject("SELECT id FROM citizen WHERE phone_hash = ?", Long.class, citizens.phoneHash(phone));
    }
}
