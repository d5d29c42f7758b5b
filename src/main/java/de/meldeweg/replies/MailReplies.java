package de.meldeweg.replies;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailMessage;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import de.meldeweg.privacy.PersonalDataCipher;
import de.meldeweg.replies.AnswerRelay.CaseInfo;
import de.meldeweg.replies.AnswerRelay.Outcome;
import de.meldeweg.texts.CitizenTexts;

/**
 * Answers that departments send to the reply mailbox (route {@code replies-mail}). The case is
 * found by the {@code In-Reply-To}/{@code References} of our forwarded mail
 * ({@code <reference.delivery@meldeweg>}) or the reference in the subject; the new text goes to
 * {@link AnswerRelay}. Each mail is recorded under a keyed hash of its Message-ID, so it is
 * relayed once even when the mailbox hands it out again. A mail without a case, or for a case
 * whose citizen erased their data, gets a short explanation back (without personal data).
 * Automatic mails (out of office, delivery reports) are recorded and left alone.
 */
@Component("mailReplies")
public class MailReplies {

    /** Set when an explanation goes back to the sender: the source key to record after sending. */
    public static final String EXPLAINED_KEY = "meldewegExplainedKey";
    public static final String EXPLAINED_CASE = "meldewegExplainedCase";
    public static final String EXPLAINED_OUTCOME = "meldewegExplainedOutcome";

    static final Pattern REFERENCE = Pattern.compile("\\bWK-\\d{4}-\\d{6}\\b");
    static final Pattern OUR_MESSAGE_ID = Pattern.compile("<(WK-\\d{4}-\\d{6})\\.(\\d+)@meldeweg>");
    private static final Pattern AUTOMATIC_SUBJECT = Pattern.compile(
            "(?i)^\\s*(automatische antwort|abwesenheitsnotiz|out of office|autoreply|auto-reply|automatic reply|auto:|"
                    + "undeliverable|unzustellbar|delivery status notification|mail delivery (failed|subsystem)|returned mail)");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Logger LOG = LoggerFactory.getLogger(MailReplies.class);

    private final AnswerRelay relay;
    private final PersonalDataCipher cipher;
    private final CitizenTexts texts;
    private final ReplyProperties properties;
    private final String imapHost;
    private final String from;
    private final String replyTo;
    private final ZoneId zone;
    private final Session session = Session.getInstance(new Properties());

    public MailReplies(AnswerRelay relay, PersonalDataCipher cipher, CitizenTexts texts, ReplyProperties properties,
                       @Value("${meldeweg.mail.imap.host:}") String imapHost,
                       @Value("${meldeweg.mail.from}") String from,
                       @Value("${meldeweg.mail.reply-to}") String replyTo,
                       @Value("${meldeweg.intake.time-zone}") ZoneId zone) {
        this.relay = relay;
        this.cipher = cipher;
        this.texts = texts;
        this.properties = properties;
        this.imapHost = imapHost == null ? "" : imapHost.strip();
        this.from = from;
        this.replyTo = replyTo;
        this.zone = zone;
    }

    /**
     * The IMAP host for the route's endpoint. Camel needs a host to create the endpoint even for a
     * route that never starts; without one configured it gets a name that cannot resolve (RFC 2606).
     */
    public String host() {
        return imapHost.isEmpty() ? "reply-mailbox-not-configured.invalid" : imapHost;
    }

    /** The route polls the mailbox only when an IMAP host is configured. */
    public boolean polling() {
        return !imapHost.isEmpty();
    }

    /**
     * Handles the polled mail. Leaves the body null when nothing is to be sent back, or an
     * explanation (a MIME message) for the sender, to be recorded with {@link #explained} once sent.
     */
    public void handle(Exchange exchange) throws Exception {
        // A local copy of the raw mail: parsed here rather than through the server's BODYSTRUCTURE
        // (which some servers get wrong), and nothing of it becomes a Camel header.
        Message mail = new MimeMessage((MimeMessage) exchange.getIn(MailMessage.class).getOriginalMessage());
        exchange.setMessage(new DefaultMessage(exchange));
        String key = cipher.keyedHash("mail", messageId(mail));
        if (relay.seen(key)) {
            LOG.info("Reply mail seen before (key {}): not relayed again", shortKey(key));
            return;
        }
        Optional<String> reference = reference(mail);
        Optional<CaseInfo> kase = reference.flatMap(relay::caseByReference);
        if (automatic(mail)) {
            relay.record(key, "MAIL", kase.map(CaseInfo::id).orElse(null), Outcome.AUTOMATIC);
            LOG.info("Reply mail {} is an automatic answer: recorded, not relayed", shortKey(key));
            return;
        }
        if (kase.isEmpty()) {
            LOG.info("Reply mail {} matches no case: the sender gets an explanation", shortKey(key));
            explain(exchange, mail, key, null, Outcome.UNMATCHED);
            return;
        }
        CaseInfo info = kase.get();
        if (!allowedSender(mail, info)) {
            relay.record(key, "MAIL", info.id(), Outcome.REFUSED);
            LOG.warn("Reply mail {} for case {} comes from outside the department's domain and meldeweg.replies.allowed-domains: "
                    + "not relayed", shortKey(key), info.reference());
            return;
        }
        if (info.citizenId() == null || !info.citizenKnown()) {
            LOG.info("Reply mail {} for case {}: the citizen erased their data; the sender gets an explanation", shortKey(key), info.reference());
            explain(exchange, mail, key, info, Outcome.ERASED);
            return;
        }
        String text = ReplyText.newText(body(mail));
        boolean closes = closes(mail);
        Outcome outcome = relay.relay(key, "MAIL", info, text, closes);
        LOG.info("Reply mail {} for case {}: {}{}", shortKey(key), info.reference(), outcome, closes ? ", case closed by marker" : "");
    }

    /** Records the explained mail after the explanation went out, so it is not explained twice. */
    public void explained(Exchange exchange) {
        String key = exchange.getProperty(EXPLAINED_KEY, String.class);
        Long caseId = exchange.getProperty(EXPLAINED_CASE, Long.class);
        Outcome outcome = exchange.getProperty(EXPLAINED_OUTCOME, Outcome.class);
        relay.record(key, "MAIL", caseId, outcome);
    }

    private boolean closes(Message mail) throws MessagingException {
        String marker = properties.closeMarker();
        String subject = mail.getSubject();
        return !marker.isEmpty() && subject != null && subject.toLowerCase(Locale.ROOT).contains(marker.toLowerCase(Locale.ROOT));
    }

    /** In-Reply-To or References naming our forwarded mail first, then the reference in the subject. */
    static Optional<String> reference(Message mail) throws MessagingException {
        for (String header : List.of("In-Reply-To", "References")) {
            String[] values = mail.getHeader(header);
            if (values == null) {
                continue;
            }
            for (String value : values) {
                Matcher m = OUR_MESSAGE_ID.matcher(value);
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
        }
        String subject = mail.getSubject();
        if (subject != null) {
            Matcher m = REFERENCE.matcher(subject);
            if (m.find()) {
                return Optional.of(m.group());
            }
        }
        return Optional.empty();
    }

    /** RFC 3834 Auto-Submitted, the common auto-reply headers and subjects, delivery reports. */
    static boolean automatic(Message mail) throws MessagingException {
        String autoSubmitted = first(mail, "Auto-Submitted");
        if (autoSubmitted != null && !autoSubmitted.strip().equalsIgnoreCase("no")) {
            return true;
        }
        String precedence = first(mail, "Precedence");
        if (precedence != null && precedence.strip().toLowerCase(Locale.ROOT).matches("bulk|junk|list|auto_reply")) {
            return true;
        }
        if (first(mail, "X-Autoreply") != null || first(mail, "X-Autorespond") != null) {
            return true;
        }
        String contentType = mail.getContentType();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/report")) {
            return true;
        }
        String subject = mail.getSubject();
        return subject != null && AUTOMATIC_SUBJECT.matcher(subject).find();
    }

    /** The department's own domain (from the directory), its subdomains, and meldeweg.replies.allowed-domains. */
    boolean allowedSender(Message mail, CaseInfo kase) throws MessagingException {
        String allowed = properties.allowedDomains();
        if (allowed.equals("*")) {
            return true;
        }
        String sender = senderDomain(mail);
        if (sender == null) {
            return false;
        }
        List<String> domains = new java.util.ArrayList<>(Arrays.stream(allowed.split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList());
        if (kase.departmentEmail() != null && kase.departmentEmail().contains("@")) {
            domains.add(kase.departmentEmail().substring(kase.departmentEmail().lastIndexOf('@') + 1).strip().toLowerCase(Locale.ROOT));
        }
        return domains.stream().anyMatch(d -> sender.equals(d) || sender.endsWith("." + d));
    }

    private static String senderDomain(Message mail) throws MessagingException {
        Address[] senders = mail.getFrom();
        if (senders == null || senders.length == 0 || !(senders[0] instanceof InternetAddress address) || address.getAddress() == null) {
            return null;
        }
        String a = address.getAddress();
        return a.contains("@") ? a.substring(a.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT) : null;
    }

    /** The plain text of the mail: its text/plain part, else its HTML as text. */
    static String body(Part part) throws MessagingException, IOException {
        String plain = find(part, "text/plain");
        if (plain != null && !plain.isBlank()) {
            return plain;
        }
        String html = find(part, "text/html");
        return html == null ? "" : ReplyText.fromHtml(html);
    }

    private static String find(Part part, String type) throws MessagingException, IOException {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return null;
        }
        if (part.isMimeType(type)) {
            Object content = part.getContent();
            if (content instanceof String s) {
                return s;
            }
            if (content instanceof InputStream in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return null;
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String found = find(child, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** A mail without a Message-ID is known by its sender, date and subject instead. */
    static String messageId(Message mail) throws MessagingException {
        String id = first(mail, "Message-ID");
        if (id != null && !id.isBlank()) {
            return id.strip();
        }
        return "no-id:" + Arrays.toString(mail.getFrom()) + "|" + mail.getSentDate() + "|" + mail.getSubject();
    }

    private static String first(Message mail, String header) throws MessagingException {
        String[] values = mail.getHeader(header);
        return values == null || values.length == 0 ? null : values[0];
    }

    private void explain(Exchange exchange, Message mail, String key, CaseInfo kase, Outcome outcome) throws Exception {
        Address[] to = mail.getReplyTo() != null && mail.getReplyTo().length > 0 ? mail.getReplyTo() : mail.getFrom();
        if (to == null || to.length == 0 || ours(to[0])) {
            relay.record(key, "MAIL", kase == null ? null : kase.id(), outcome);
            return;
        }
        Map<String, String> values = new HashMap<>();
        values.put("reference", kase == null ? "" : kase.reference());
        MimeMessage answer = new MimeMessage(session);
        answer.setFrom(new InternetAddress(from));
        answer.setRecipients(Message.RecipientType.TO, new Address[] {to[0]});
        answer.setSubject(headerSafe(texts.render("mail/reply-subject.txt", values)), StandardCharsets.UTF_8.name());
        answer.setText(texts.render(outcome == Outcome.ERASED ? "mail/reply-erased.txt" : "mail/reply-unmatched.txt", values),
                StandardCharsets.UTF_8.name());
        // RFC 3834: an automatic answer, so that no auto-responder answers it in turn.
        answer.setHeader("Auto-Submitted", "auto-replied");
        String inReplyTo = first(mail, "Message-ID");
        if (inReplyTo != null) {
            answer.setHeader("In-Reply-To", headerSafe(inReplyTo));
        }
        answer.saveChanges();
        exchange.getMessage().setBody(answer);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, FILE_TIME.format(ZonedDateTime.now(zone)) + "-reply-" + outcome.name().toLowerCase(Locale.ROOT) + ".eml");
        exchange.setProperty(EXPLAINED_KEY, key);
        exchange.setProperty(EXPLAINED_CASE, kase == null ? null : kase.id());
        exchange.setProperty(EXPLAINED_OUTCOME, outcome);
    }

    private boolean ours(Address address) {
        String a = address.toString().toLowerCase(Locale.ROOT);
        return a.contains(from.toLowerCase(Locale.ROOT)) || a.contains(replyTo.toLowerCase(Locale.ROOT)) || a.contains("mailer-daemon");
    }

    /** The .eml bytes, for the outbox folder when no SMTP server is configured. */
    public byte[] eml(Exchange exchange) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exchange.getMessage().getBody(MimeMessage.class).writeTo(out);
        return out.toByteArray();
    }

    private static String headerSafe(String value) {
        return value == null ? "" : value.replaceAll("[\\r\\n]+", " ").strip();
    }

    private static String shortKey(String key) {
        return key.substring(0, Math.min(10, key.length()));
    }
}
