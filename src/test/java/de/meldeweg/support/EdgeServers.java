package de.meldeweg.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The department systems a scenario test talks to, one of each per test JVM, on free ports of
 * 127.0.0.1: the city's SMTP server (GreenMail), a Zammad and the Graph API (WireMock). A JUnit 5
 * extension: it starts them before a class's first test and, before each test, starts the SMTP
 * server again if a test stopped it (on the same port: the service keeps its setting), empties it and
 * forgets the stubs and requests of both WireMocks (the Graph API then accepts every message), so every
 * test stubs what it needs.
 *
 * <p>Because the servers and their ports are the same for every class of a JVM, the classes that use
 * them can share one Spring context ({@link EdgesContext}); {@link #properties} points the service at
 * them, the way an admin configures {@code meldeweg.mail.smtp.*}, {@code meldeweg.ticket.*} and
 * {@code meldeweg.whatsapp.api-base-url}.
 */
public final class EdgeServers implements BeforeAllCallback, BeforeEachCallback {

    public static final String ZAMMAD_TOKEN = "zammad-test-token";
    public static final String GRAPH_TOKEN = "graph-token";

    private static GreenMail mail;
    private static int smtpPort;
    private static WireMockServer zammad;
    private static WireMockServer graph;

    private static synchronized void startOnce() {
        if (mail == null) {
            mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            smtpPort = mail.getSmtp().getPort();
            zammad = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
            zammad.start();
            graph = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
            graph.start();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startOnce();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        startOnce();
        if (!mail.isRunning()) {
            restartMail();
        }
        mail.purgeEmailFromAllMailboxes();
        zammad.resetAll();
        graph.resetAll();
        // WhatsApp accepts every message unless a test stubs otherwise
        graph.stubFor(WireMock.post(WireMock.urlPathMatching("/v23\\.0/[0-9]+/messages")).willReturn(WireMock.okJson(
                "{\"messaging_product\": \"whatsapp\", \"contacts\": [{\"input\": \"x\", \"wa_id\": \"x\"}], \"messages\": [{\"id\": \"wamid.edge"
                        + System.nanoTime() + "\"}]}")));
    }

    /** The SMTP server as it runs now (a stopped one is replaced by {@link #restartMail}). */
    public static GreenMail mail() {
        startOnce();
        return mail;
    }

    /** An SMTP outage: the port refuses connections until {@link #restartMail}. */
    public static synchronized void stopMail() {
        mail.stop();
    }

    /** The SMTP server back on the same port, empty. */
    public static synchronized void restartMail() {
        mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }

    public static WireMockServer zammad() {
        startOnce();
        return zammad;
    }

    public static WireMockServer graph() {
        startOnce();
        return graph;
    }

    /** SMTP without STARTTLS, Zammad as the ticket system, and the Graph API for WhatsApp. */
    public static void properties(DynamicPropertyRegistry registry) {
        startOnce();
        registry.add("meldeweg.mail.smtp.host", () -> "127.0.0.1");
        registry.add("meldeweg.mail.smtp.port", () -> smtpPort);
        registry.add("meldeweg.mail.smtp.starttls", () -> "false");
        registry.add("meldeweg.ticket.system", () -> "zammad");
        registry.add("meldeweg.ticket.base-url", () -> "http://127.0.0.1:" + zammad.port());
        registry.add("meldeweg.ticket.token", () -> ZAMMAD_TOKEN);
        registry.add("meldeweg.whatsapp.api-base-url", () -> "http://127.0.0.1:" + graph.port() + "/v23.0");
        registry.add("meldeweg.whatsapp.access-token", () -> GRAPH_TOKEN);
    }
}
