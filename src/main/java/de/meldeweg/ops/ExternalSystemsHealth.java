package de.meldeweg.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import javax.net.ssl.SSLSocketFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import de.meldeweg.tickets.TicketAlerts;
import de.meldeweg.tickets.TicketProperties;
import de.meldeweg.tickets.TicketSystem;
import de.meldeweg.MailProperties;

/**
 * Health of the systems Meldeweg hands reports to: SMTP, the IMAP reply mailbox and the ticket
 * system. One that does not answer is {@code DEGRADED}, never {@code DOWN}: the service keeps
 * taking webhooks and its outboxes keep the work until the system is back. Deliberately not in
 * the readiness group, so a load balancer does not take all instances out because the mail
 * server is down. A system that is not configured is UP (its messages go to the outbox folder).
 */
@Configuration(proxyBeanMethods = false)
public class ExternalSystemsHealth {

    /** Overall status when an outside system does not answer; mapped to HTTP 200. */
    public static final Status DEGRADED = new Status("DEGRADED", "an outside system does not answer; work waits in the outbox");

    private final Duration timeout;
    private final Duration keep;
    private final Clock clock;
    /** Built at the ticket system's first probe: building it sets up the JVM's TLS context, which the start need not wait for. */
    private volatile HttpClient client;

    public ExternalSystemsHealth(HealthProperties settings, Clock clock) {
        this.timeout = settings.timeout();
        this.keep = settings.cache();
        this.clock = clock;
    }

    private HttpClient client() {
        HttpClient built = client;
        if (built == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
                }
                built = client;
            }
        }
        return built;
    }

    @Bean
    HealthIndicator smtpHealthIndicator(MailProperties mail) {
        String host = mail.smtp().host();
        int port = mail.smtp().port();
        return indicator(host, "outbox files (outbox/mail)",
                new CachedProbe("SMTP", () -> greeting(host, port, port == 465, "220", "QUIT"), keep, clock), host + ":" + port);
    }

    @Bean
    HealthIndicator imapHealthIndicator(MailProperties mail) {
        String host = mail.imap().host();
        int port = mail.imap().port();
        return indicator(host, "no reply mailbox",
                new CachedProbe("IMAP", () -> greeting(host, port, port == 993, "* OK", "a1 LOGOUT"), keep, clock), host + ":" + port);
    }

    @Bean
    HealthIndicator ticketSystemHealthIndicator(TicketProperties ticket, TicketAlerts alerts) {
        boolean configured = ticket.system() != TicketSystem.NONE && !ticket.baseUrl().isEmpty();
        HealthIndicator reachable = indicator(configured ? ticket.baseUrl() : "", "outbox files (outbox/tickets)",
                new CachedProbe("Ticket system", () -> httpAnswers(ticket.baseUrl()), keep, clock), ticket.system().code());
        // A problem only an admin can fix (a Redmine that made a private note public) degrades it too.
        return () -> alerts.problem().map(problem -> Health.status(DEGRADED).withDetail("target", ticket.system().code())
                .withDetail("problem", problem).build()).orElseGet(reachable::health);
    }

    private static HealthIndicator indicator(String configured, String whenNot, CachedProbe probe, String target) {
        if (configured == null || configured.isBlank()) {
            Health health = Health.up().withDetail("configured", false).withDetail("mode", whenNot).build();
            return () -> health;
        }
        return () -> {
            CachedProbe.Result result = probe.result();
            return Health.status(result.up() ? Status.UP : DEGRADED).withDetail("target", target)
                    .withDetail("checked", result.detail()).withDetail("checkedAt", result.at().toString()).build();
        };
    }

    /** Connects, reads the server's greeting, says goodbye. No login: cheap for the mail server. */
    private String greeting(String host, int port, boolean tls, String expected, String goodbye) {
        int millis = (int) timeout.toMillis();
        try (Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String line = in.readLine();
            if (line == null || !line.startsWith(expected)) {
                throw new IllegalStateException("unexpected greeting " + (line == null ? "(none)" : "'" + first(line) + "'"));
            }
            OutputStream out = socket.getOutputStream();
            out.write((goodbye + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return "greeting " + first(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Any HTTP answer below 500 means the ticket system is there (the base URL may well be 404 or 401). */
    private String httpAnswers(String baseUrl) {
        try {
            HttpResponse<Void> response = client().send(HttpRequest.newBuilder(URI.create(baseUrl)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 500) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
            return "HTTP " + response.statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private static String first(String line) {
        return line.length() <= 40 ? line : line.substring(0, 40);
    }
}
