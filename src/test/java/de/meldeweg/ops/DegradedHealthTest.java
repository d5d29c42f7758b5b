package de.meldeweg.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;

import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MeldewegTestBase;
import de.meldeweg.support.Payloads;

/**
 * A mail server that answers, a reply mailbox that does not, a ticket system that answers 503:
 * the service is DEGRADED (HTTP 200), ready for the load balancer, and keeps taking webhooks.
 */
class DegradedHealthTest extends MeldewegTestBase {

    static final WireMockServer TICKETS = new WireMockServer(options().dynamicPort());
    static final GreetingServer SMTP = new GreetingServer("220 mail.stadt.example ESMTP\r\n");
    static final int CLOSED_PORT = closedPort();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static {
        TICKETS.start();
        TICKETS.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:degraded;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("meldeweg.mail.smtp.host", () -> "127.0.0.1");
        registry.add("meldeweg.mail.smtp.port", SMTP::port);
        registry.add("meldeweg.mail.imap.host", () -> "127.0.0.1");
        registry.add("meldeweg.mail.imap.port", () -> CLOSED_PORT);
        registry.add("meldeweg.ticket.system", () -> "zammad");
        registry.add("meldeweg.ticket.base-url", TICKETS::baseUrl);
        registry.add("meldeweg.ticket.token", () -> "zammad-token");
        registry.add("meldeweg.health.timeout", () -> "PT0.5S");
    }

    @AfterAll
    static void stop() throws IOException {
        TICKETS.stop();
        SMTP.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Right after start-up Camel's own checks may still be DOWN (a consumer that has not polled yet). */
    private void awaitStarted() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> get("/actuator/health").statusCode() == 200);
    }

    @Test
    void anOutsideSystemDownMakesTheServiceDegradedNotDeadAndWebhooksStillCount() throws Exception {
        awaitStarted();
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).endsWith("\"status\":\"DEGRADED\"}")
                .contains("\"smtp\":{\"status\":\"UP\"}")
                .containsPattern("\"imap\":\\{[^}]*\"status\":\"DEGRADED\"}")
                .containsPattern("\"ticketSystem\":\\{[^}]*\"status\":\"DEGRADED\"}")
                .doesNotContain("zammad-token").doesNotContain("127.0.0.1");

        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).endsWith("\"status\":\"UP\"}");
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);

        String phone = "4915112345693";
        assertThat(webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Kai",
                Payloads.text(phone, Payloads.newWamid(), "Der Gully ist verstopft"))).statusCode()).isEqualTo(200);
        awaitIntakeIdle();
        assertThat(count("SELECT COUNT(*) FROM inbound_message")).isEqualTo(1);
    }

    @Test
    void aProbeStormCostsTheMailServerOneConnection() throws Exception {
        awaitStarted();
        int before = SMTP.connections();
        for (int i = 0; i < 50; i++) {
            assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        }
        assertThat(SMTP.connections()).isEqualTo(before);
        assertThat(before).isBetween(1, 2);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server that says its greeting to whoever connects, and counts them. */
    static final class GreetingServer implements AutoCloseable {
        private final ServerSocket server;
        private final AtomicInteger connections = new AtomicInteger();

        GreetingServer(String greeting) {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        connections.incrementAndGet();
                        OutputStream out = socket.getOutputStream();
                        out.write(greeting.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        socket.getInputStream().read(new byte[64]);
                    } catch (IOException e) {
                        // closed, or the client went away
                    }
                }
            }, "greeting-server");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
