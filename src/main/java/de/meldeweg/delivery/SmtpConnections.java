package de.meldeweg.delivery;

import de.meldeweg.MailProperties;

import java.time.Duration;
import java.util.Date;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The SMTP sender of the department mails ({@code javaMailSender} of the {@code mail-smtp}
 * endpoint in {@code delivery-deliver}): keeps connections to the mail server open between mails
 * instead of connecting, greeting, (STARTTLS, AUTH) and quitting for every single mail, which was
 * most of a delivery's time. Each parallel sender takes an idle connection or opens one; a
 * connection goes back only after a successful send, is closed after
 * {@code meldeweg.mail.smtp.messages-per-connection} mails or when it has been idle longer than
 * {@code meldeweg.mail.smtp.keep-open} (checked at the next mail; until then the server's own
 * idle timeout may close it) ({@code PT0S}: one connection per mail, as Camel does by default). The endpoint's settings (host, port, user, password, STARTTLS, timeouts) are applied
 * by camel-mail as for its own sender.
 *
 * <p>A connection the server has closed meanwhile (its idle timeout, a restart) fails the next
 * send: that send is repeated once on a fresh connection right away. A failure the server answered
 * (a rejected sender or recipient) is not repeated here; the delivery outbox retries it with backoff.
 */
@Component("smtpConnections")
public class SmtpConnections extends DefaultJavaMailSender implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpConnections.class);
    /** An idle connection older than this is checked with NOOP before it is used again. */
    private static final long CHECK_AFTER_NANOS = Duration.ofSeconds(2).toNanos();

    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final long keepOpenNanos;
    private final int messagesPerConnection;
    private volatile boolean closed;

    private final boolean starttlsRequired;

    public SmtpConnections(Duration keepOpen, int messagesPerConnection) {
        this(keepOpen, messagesPerConnection, "true");
    }

    /**
     * {@code starttls}: {@code true} uses STARTTLS when the server offers it, {@code required}
     * refuses to send a mail over a connection without it (no password or report in the clear when
     * an attacker strips the server's STARTTLS offer), {@code false} never uses it.
     */
    @org.springframework.beans.factory.annotation.Autowired
    public SmtpConnections(MailProperties mail) {
        this(mail.smtp().keepOpen(), mail.smtp().messagesPerConnection(), mail.smtp().starttls());
    }

    public SmtpConnections(Duration keepOpen, int messagesPerConnection, String starttls) {
        this.keepOpenNanos = keepOpen.toNanos();
        this.messagesPerConnection = Math.max(1, messagesPerConnection);
        String mode = starttls == null ? "true" : starttls.trim().toLowerCase(java.util.Locale.ROOT);
        if (!java.util.Set.of("true", "false", "required").contains(mode)) {
            throw new IllegalArgumentException("meldeweg.mail.smtp.starttls must be true, false or required, is " + starttls);
        }
        this.starttlsRequired = mode.equals("required");
    }

    private static final class Connection {
        final Transport transport;
        /** Taken from the idle ones: the server may have closed it meanwhile. */
        boolean reused;
        long lastUsed = System.nanoTime();
        int sent;

        Connection(Transport transport) {
            this.transport = transport;
        }
    }

    @Override
    public void send(MimeMessage mail) throws MessagingException {
        // Whether there is a Date header, without parsing it (getSentDate parses it for each mail).
        if (mail.getHeader("Date", null) == null) {
            mail.setSentDate(new Date());
        }
        // saveChanges renews the Message-ID unless the message keeps its own (MailDelivery's does).
        String messageId = mail.getMessageID();
        mail.saveChanges();
        if (messageId != null) {
            mail.setHeader("Message-ID", messageId);
        }
        Connection connection = take();
        try {
            send(connection, mail);
        } catch (MessagingException e) {
            if (!connection.reused || e instanceof SendFailedException && !closedByServer(e)) {
                throw e;
            }
            LOG.info("SMTP connection kept open was no longer usable ({}); sending on a new one", e.getClass().getSimpleName());
            send(open(), mail);
        }
    }

    /**
     * A kept-open connection the server has closed meanwhile answers the next command with end of
     * stream: JavaMail reports that as a failed send with no reply code ("[EOF]"), not as the
     * server refusing the mail.
     */
    private static boolean closedByServer(MessagingException e) {
        return e instanceof org.eclipse.angus.mail.smtp.SMTPSendFailedException failed && failed.getReturnCode() < 0;
    }

    private void send(Connection connection, MimeMessage mail) throws MessagingException {
        boolean sent = false;
        try {
            connection.transport.sendMessage(mail, mail.getAllRecipients());
            connection.sent++;
            sent = true;
        } finally {
            if (sent && !closed && keepOpenNanos > 0 && connection.sent < messagesPerConnection) {
                connection.lastUsed = System.nanoTime();
                idle.push(connection);
            } else {
                close(connection);
            }
        }
    }

    /** The most recently used idle connection that is still fit, or a new one. */
    private Connection take() throws MessagingException {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            long idleFor = System.nanoTime() - connection.lastUsed;
            if (idleFor > keepOpenNanos || (idleFor > CHECK_AFTER_NANOS && !connection.transport.isConnected())) {
                close(connection);
                continue;
            }
            connection.reused = true;
            return connection;
        }
        return open();
    }

    private Connection open() throws MessagingException {
        Session session = getSession();
        if (starttlsRequired) {
            // camel-mail passes "required" as starttls.enable, which JavaMail reads as false: set both here
            session.getProperties().setProperty("mail.smtp.starttls.enable", "true");
            session.getProperties().setProperty("mail.smtp.starttls.required", "true");
        }
        Transport transport = getTransport(session);
        PasswordAuthentication auth = getPasswordAuthentication();
        transport.connect(getHost(), getPort(), auth.getUserName(), auth.getPassword());
        return new Connection(transport);
    }

    private void close(Connection connection) {
        try {
            connection.transport.close();
        } catch (MessagingException e) {
            LOG.debug("Closing an SMTP connection failed: {}", e.getMessage());
        }
    }

    /** Idle connections are closed with QUIT when the service stops. */
    @Override
    public void destroy() {
        closed = true;
        Connection connection;
        while ((connection = idle.poll()) != null) {
            close(connection);
        }
    }
}
