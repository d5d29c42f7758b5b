package de.meldeweg;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Mail ({@code meldeweg.mail.*}): the sender of forwarded reports, the SMTP server they leave by and the
 * reply mailbox departments answer into. Defaults in application.yaml; a wrong value stops the start and
 * names the setting. The routes {@code mail-send} and {@code replies-mail} read the same settings as
 * endpoint parameters; how far the reply mailbox trusts a mail is {@code replies.ReplyMailboxProperties}.
 *
 * @param from                 sender address of every mail Meldeweg sends (forwarded reports, answers, review mails)
 * @param replyTo              the reply mailbox's address; departments answer there
 * @param replyToSubaddressing the answer token travels in the Reply-To as plus-address {@code local+<token>@domain}
 *                             (false: for mail servers without sub-addressing; then only in Message-ID/In-Reply-To)
 * @param smtp                 the SMTP server; without a host mails go as .eml into the outbox folder
 * @param imap                 the reply mailbox; without a host it is not polled
 */
@Validated
@ConfigurationProperties("meldeweg.mail")
public record MailProperties(@NotBlank String from, @NotBlank String replyTo, boolean replyToSubaddressing,
                             @NotNull @Valid Smtp smtp, @NotNull @Valid Imap imap) {

    /**
     * @param host                  the SMTP server; empty: mails go into the outbox folder
     * @param port                  its port (25, 587 for submission)
     * @param starttls              {@code true}: STARTTLS when the server offers it; {@code required}: no mail without it;
     *                              {@code false}: never
     * @param keepOpen              connections stay open between mails this long (PT0S: one connection per mail)
     * @param messagesPerConnection mails sent over one connection at most
     */
    public record Smtp(String host, @Min(1) @Max(65535) int port,
                       @NotNull @Pattern(regexp = "(?i)true|false|required", message = "must be true, false or required") String starttls,
                       @NotNull @DurationMin(millis = 0) Duration keepOpen, @Min(1) int messagesPerConnection) {

        public Smtp {
            host = host == null ? "" : host.strip();
        }

        /** Mails go to an SMTP server (otherwise into the outbox folder). */
        public boolean configured() {
            return !host.isEmpty();
        }
    }

    /**
     * @param protocol {@code imaps} in production; {@code imap} only for tests
     * @param host     the reply mailbox's server; empty: the mailbox is not polled (route replies-mail does not exist)
     * @param port     its port (993 for imaps)
     * @param username the mailbox's login (no default)
     * @param password its password (no default)
     * @param folder   the folder answers arrive in
     * @param interval how often the mailbox is looked at
     */
    public record Imap(@NotNull @Pattern(regexp = "imaps?", message = "must be imaps (or imap for tests)") String protocol,
                       String host, @Min(1) @Max(65535) int port, String username, String password, @NotBlank String folder,
                       @NotNull @DurationMin(millis = 1) Duration interval) {

        public Imap {
            host = host == null ? "" : host.strip();
            username = username == null ? "" : username;
            password = password == null ? "" : password;
        }

        /** The reply mailbox is polled. */
        public boolean configured() {
            return !host.isEmpty();
        }
    }
}
