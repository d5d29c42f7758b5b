package de.meldeweg.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Department mails share SMTP connections: many mails from parallel senders over a few
 * connections, each mail once with its own Message-ID, and a connection the server dropped
 * does not cost a mail.
 */
class SmtpConnectionsTest {

    private GreenMail smtp;
    private int port;
    private final List<SmtpConnections> senders = new ArrayList<>();

    @BeforeEach
    void start() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        port = smtp.getSmtp().getPort();
    }

    @AfterEach
    void stop() {
        senders.forEach(SmtpConnections::destroy);
        smtp.stop();
    }

    /** The sender as camel-mail configures it, counting the connections it opens. */
    private CountingSender sender(Duration keepOpen, int perConnection) {
        CountingSender sender = new CountingSender(keepOpen, perConnection);
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        sender.setProtocol("smtp");
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.connectiontimeout", "5000");
        properties.setProperty("mail.smtp.timeout", "5000");
        sender.setJavaMailProperties(properties);
        senders.add(sender);
        return sender;
    }

    @Test
    void withStarttlsRequiredNoMailGoesToAServerWithoutIt() throws Exception {
        SmtpConnections required = new SmtpConnections(Duration.ofSeconds(30), 100, "required");
        required.setHost("127.0.0.1");
        required.setPort(port);
        required.setProtocol("smtp");
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.connectiontimeout", "5000");
        properties.setProperty("mail.smtp.timeout", "5000");
        // as camel-mail hands the setting on from the route
        properties.setProperty("mail.smtp.starttls.enable", "required");
        required.setJavaMailProperties(properties);
        senders.add(required);
        jakarta.mail.internet.MimeMessage mail = new jakarta.mail.internet.MimeMessage(required.getSession());
        mail.setFrom("meldeweg@stadt.example");
        mail.setRecipients(jakarta.mail.Message.RecipientType.TO, "tiefbau@stadt.example");
        mail.setSubject("WK-2026-000001");
        mail.setText("Bericht");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> required.send(mail))
                .isInstanceOf(jakarta.mail.MessagingException.class).hasMessageContaining("STARTTLS");
        org.assertj.core.api.Assertions.assertThat(smtp.getReceivedMessages()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SmtpConnections(Duration.ZERO, 1, "yes"))
                .hasMessageContaining("meldeweg.mail.smtp.starttls");
    }

    static final class CountingSender extends SmtpConnections {
        final AtomicInteger opened = new AtomicInteger();

        CountingSender(Duration keepOpen, int perConnection) {
            super(keepOpen, perConnection);
        }

        @Override
        protected Transport getTransport(Session session) throws NoSuchProviderException {
            opened.incrementAndGet();
            return super.getTransport(session);
        }
    }

    private static MimeMessage mail(Session session, int n) throws MessagingException {
        MimeMessage mail = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<WK-2026-" + String.format("%06d", n) + ".1@meldeweg>");
            }
        };
        mail.setFrom(new InternetAddress("meldeweg@stadt.example"));
        mail.setRecipients(Message.RecipientType.TO, "tiefbauamt@stadt-calw.example");
        mail.setSubject("Meldung " + n);
        mail.setText("Schlagloch Nr. " + n, "UTF-8");
        return mail;
    }

    private List<String> receivedIds() throws MessagingException {
        List<String> ids = new ArrayList<>();
        for (MimeMessage received : smtp.getReceivedMessages()) {
            ids.add(received.getMessageID());
        }
        return ids;
    }

    @Test
    void mailsFromFourParallelSendersGoOverAtMostFourConnectionsEachOnce() throws Exception {
        CountingSender sender = sender(Duration.ofSeconds(30), 100);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                int n = i;
                sent.add(pool.submit(() -> {
                    sender.send(mail(sender.getSession(), n));
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(receivedIds()).hasSize(40).doesNotHaveDuplicates().contains("<WK-2026-000001.1@meldeweg>", "<WK-2026-000040.1@meldeweg>");
        assertThat(sender.opened.get()).isBetween(1, 4);
    }

    @Test
    void aConnectionIsClosedAfterItsMessagesAndWithoutKeepOpenEveryMailHasItsOwn() throws Exception {
        CountingSender limited = sender(Duration.ofSeconds(30), 3);
        for (int n = 1; n <= 7; n++) {
            limited.send(mail(limited.getSession(), n));
        }
        assertThat(limited.opened.get()).isEqualTo(3);

        CountingSender perMail = sender(Duration.ZERO, 100);
        for (int n = 8; n <= 10; n++) {
            perMail.send(mail(perMail.getSession(), n));
        }
        assertThat(perMail.opened.get()).isEqualTo(3);
        assertThat(receivedIds()).hasSize(10).doesNotHaveDuplicates();
    }

    @Test
    void aMailServerRestartBetweenTwoMailsCostsNoMail() throws Exception {
        CountingSender sender = sender(Duration.ofSeconds(30), 100);
        sender.send(mail(sender.getSession(), 1));
        // The server goes away and comes back: the connection kept open is dead.
        smtp.stop();
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        sender.send(mail(sender.getSession(), 2));
        assertThat(receivedIds()).containsExactly("<WK-2026-000002.1@meldeweg>");
        assertThat(sender.opened.get()).isEqualTo(2);
    }
}
