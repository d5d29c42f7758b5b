package de.meldeweg.replies;

import de.meldeweg.MailProperties;

import java.time.Instant;
import java.util.Date;
import java.util.Properties;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;


/**
 * The folder that processed reply mails are moved to ({@code meldeweg.mail.imap.move-to}): the
 * retention purge deletes the mails in it that arrived longer than
 * {@code meldeweg.retention.after-closed} ago (by their IMAP arrival time, which a move keeps).
 * Answers usually quote the report, so they are personal data like the case itself.
 */
@Component("replyMailFolder")
public class ReplyMailFolder {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyMailFolder.class);

    private final ReplyMailboxProperties mailbox;
    private final String protocol;
    private final String host;
    private final int port;
    private final String username;
    private final String password;

    public ReplyMailFolder(ReplyMailboxProperties mailbox, MailProperties mail) {
        this.mailbox = mailbox;
        this.protocol = mail.imap().protocol();
        this.host = mail.imap().host();
        this.port = mail.imap().port();
        this.username = mail.imap().username();
        this.password = mail.imap().password();
    }

    /** Deletes the mails in the move-to folder that arrived before {@code before}; returns how many. */
    public int purge(Instant before) {
        if (host.isEmpty() || mailbox.moveTo().isEmpty()) {
            return 0;
        }
        try {
            return purgeFolder(before);
        } catch (MessagingException e) {
            // The server's texts name hosts and folders, not citizens; the purge logs the class only.
            throw new IllegalStateException("reply mail folder " + mailbox.moveTo() + " could not be purged", e);
        }
    }

    private int purgeFolder(Instant before) throws MessagingException {
        Properties settings = new Properties();
        settings.put("mail." + protocol + ".connectiontimeout", "15000");
        settings.put("mail." + protocol + ".timeout", "15000");
        Store store = Session.getInstance(settings).getStore(protocol);
        store.connect(host, port, username, password);
        try {
            Folder folder = store.getFolder(mailbox.moveTo());
            if (!folder.exists()) {
                return 0;
            }
            folder.open(Folder.READ_WRITE);
            int deleted = 0;
            try {
                Message[] messages = folder.getMessages();
                FetchProfile arrival = new FetchProfile();
                arrival.add(FetchProfile.Item.ENVELOPE);
                folder.fetch(messages, arrival);
                Date cutoff = Date.from(before);
                for (Message message : messages) {
                    Date received = message.getReceivedDate();
                    if (received != null && received.before(cutoff)) {
                        message.setFlag(Flags.Flag.DELETED, true);
                        deleted++;
                    }
                }
            } finally {
                folder.close(true);
            }
            if (deleted > 0) {
                LOG.info("Reply mail folder {}: {} processed mail(s) past their retention deleted", mailbox.moveTo(), deleted);
            }
            return deleted;
        } finally {
            store.close();
        }
    }
}
