package de.meldeweg.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.test.context.ContextConfiguration;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The department systems a scenario test talks to, on free ports of 127.0.0.1: the city's SMTP
 * server (GreenMail), a Zammad and the Graph API (WireMock). A JUnit 5 extension: it starts them
 * before a class's first test and, before each test, starts the SMTP server again if a test stopped
 * it (on the same port: the service keeps its setting), empties it and forgets the stubs and requests
 * of both WireMocks (the Graph API then accepts every message), so every test stubs what it needs.
 *
 * <p>One set per test JVM and database: the classes on H2 share one set, those on PostgreSQL
 * ({@code @ContextConfiguration(initializers = EdgesContext.OnPostgres.class)}) another, so that they
 * can share one Spring context per database ({@link EdgesContext}), while an idle cached context of the
 * other database, still working off its last test's leftovers, never sends into a running test's
 * servers. {@link EdgesContext.OnH2} and {@link EdgesContext.OnPostgres} point the service at the set
 * of their database ({@link #properties}), the way an admin configures {@code meldeweg.mail.smtp.*}, {@code meldeweg.ticket.*} and
 * {@code meldeweg.whatsapp.api-base-url}.
 */
public final class EdgeServers implements BeforeAllCallback, BeforeEachCallback {

    public static final String ZAMMAD_TOKEN = "zammad-test-token";
    public static final String GRAPH_TOKEN = "graph-token";

    /** One set of servers. */
    private static final class Site {
        private GreenMail mail;
        private final int smtpPort;
        private final WireMockServer zammad = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        private final WireMockServer graph = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

        Site() {
            mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            smtpPort = mail.getSmtp().getPort();
            zammad.start();
            graph.start();
        }
    }

    private static final Map<String, Site> SITES = new ConcurrentHashMap<>();
    private static volatile Site current;

    private static Site site(String name) {
        return SITES.computeIfAbsent(name, n -> new Site());
    }

    private static Site current() {
        if (current == null) {
            current = site("h2");
        }
        return current;
    }

    /** The set of the class: its own for classes on the embedded PostgreSQL. */
    private static String siteOf(Class<?> testClass) {
        ContextConfiguration configuration = AnnotatedElementUtils.findMergedAnnotation(testClass, ContextConfiguration.class);
        boolean postgres = configuration != null
                && Arrays.asList(configuration.initializers()).contains(EdgesContext.OnPostgres.class);
        // the H2 classes name EdgesContext.OnH2
        return postgres ? "postgres" : "h2";
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        current = site(siteOf(context.getRequiredTestClass()));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Site site = site(siteOf(context.getRequiredTestClass()));
        current = site;
        if (!site.mail.isRunning()) {
            restartMail();
        }
        site.mail.purgeEmailFromAllMailboxes();
        site.zammad.resetAll();
        site.graph.resetAll();
        // WhatsApp accepts every message unless a test stubs otherwise
        site.graph.stubFor(WireMock.post(WireMock.urlPathMatching("/v23\\.0/[0-9]+/messages")).willReturn(WireMock.okJson(
                "{\"messaging_product\": \"whatsapp\", \"contacts\": [{\"input\": \"x\", \"wa_id\": \"x\"}], \"messages\": [{\"id\": \"wamid.edge"
                        + System.nanoTime() + "\"}]}")));
    }

    /** The SMTP server as it runs now (a stopped one is replaced by {@link #restartMail}). */
    public static GreenMail mail() {
        return current().mail;
    }

    /** An SMTP outage: the port refuses connections until {@link #restartMail}. */
    public static synchronized void stopMail() {
        current().mail.stop();
    }

    /** The SMTP server back on the same port, empty. */
    public static synchronized void restartMail() {
        Site site = current();
        site.mail = new GreenMail(new ServerSetup(site.smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        site.mail.start();
    }

    public static WireMockServer zammad() {
        return current().zammad;
    }

    public static WireMockServer graph() {
        return current().graph;
    }

    /**
     * SMTP without STARTTLS, Zammad as the ticket system, and the Graph API for WhatsApp, of the set
     * for {@code database} ("h2" or "postgres"), as {@code name=value} settings.
     */
    static String[] properties(String database) {
        Site site = site(database);
        return new String[] {
                "meldeweg.mail.smtp.host=127.0.0.1",
                "meldeweg.mail.smtp.port=" + site.smtpPort,
                "meldeweg.mail.smtp.starttls=false",
                "meldeweg.ticket.system=zammad",
                "meldeweg.ticket.base-url=http://127.0.0.1:" + site.zammad.port(),
                "meldeweg.ticket.token=" + ZAMMAD_TOKEN,
                "meldeweg.whatsapp.api-base-url=http://127.0.0.1:" + site.graph.port() + "/v23.0",
                "meldeweg.whatsapp.access-token=" + GRAPH_TOKEN};
    }
}
