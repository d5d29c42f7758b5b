package de.meldeweg.support;

import org.springframework.test.context.DynamicPropertyRegistry;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The city's mail server, played by GreenMail on free ports of 127.0.0.1: SMTP for the mail to the
 * departments, IMAP for the reply mailbox their answers arrive in. Started once per test class that
 * holds it in a static field (the ports must be known before the Spring context starts), and
 * {@link #properties} points the service at it, the way an admin configures {@code meldeweg.mail.*}.
 */
public final class CityMailServer {

    public static final String LOGIN = "antwort";
    public static final String PASSWORD = "geheim";

    private final GreenMail mail = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP), new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
    private final String replyMailbox;
    private final GreenMailUser mailbox;

    /** Starts the server with the reply mailbox {@code replyMailbox} (login {@value #LOGIN}). */
    public CityMailServer(String replyMailbox) {
        this.replyMailbox = replyMailbox;
        mail.start();
        mailbox = mail.setUser(replyMailbox, LOGIN, PASSWORD);
    }

    public GreenMail mail() {
        return mail;
    }

    /** The reply mailbox, to deliver the departments' answers into. */
    public GreenMailUser mailbox() {
        return mailbox;
    }

    /** SMTP without STARTTLS, and the reply mailbox over plain IMAP, polled every 200 ms. */
    public void properties(DynamicPropertyRegistry registry) {
        registry.add("meldeweg.mail.smtp.host", () -> "127.0.0.1");
        registry.add("meldeweg.mail.smtp.port", () -> mail.getSmtp().getPort());
        registry.add("meldeweg.mail.smtp.starttls", () -> "false");
        registry.add("meldeweg.mail.reply-to", () -> replyMailbox);
        registry.add("meldeweg.mail.imap.protocol", () -> "imap");
        registry.add("meldeweg.mail.imap.host", () -> "127.0.0.1");
        registry.add("meldeweg.mail.imap.port", () -> mail.getImap().getPort());
        registry.add("meldeweg.mail.imap.username", () -> LOGIN);
        registry.add("meldeweg.mail.imap.password", () -> PASSWORD);
        registry.add("meldeweg.mail.imap.interval", () -> "200ms");
    }
}
