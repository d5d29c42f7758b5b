package de.meldeweg.replies;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
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
import org.springframework.stereotype.Component;

import de.meldeweg.delivery.ReplyTokens;
import de.meldeweg.privacy.PersonalDataCipher;
import de.meldeweg.replies.AnswerRelay.CaseInfo;
import de.meldeweg.replies.AnswerRelay.Outcome;
import de.meldeweg.texts.CitizenTexts;
import de.meldeweg.MailProperties;

/**
 * Answers that departments send to the reply mailbox (route {@code replies-mail}). An answer
 * counts only when it carries the secret token of a mail we sent ({@link ReplyTokens}: the
 * plus-address in To/Cc/Delivered-To/X-Original-To, or our Message-ID in In-Reply-To/References);
 * a reference in the subject is never enough. It is relayed, or closes its case, only when it
 * also comes from an address the directory allows for the case's department, passes the city
 * mail server's Authentication-Results check (when configured), and the case is still open.
 *
 * <p>Every mail is settled exactly once: recorded under a keyed hash of its Message-ID before
 * anything is sent back, so neither a relay nor an explanation happens twice, and an explanation
 * that cannot be sent does not keep the mail in the mailbox. Explanations go only to senders in the
 * city's own domains ({@code meldeweg.replies.explain-domains}), at most one per sender and
 * {@code explain-every}, never to bounces or automatic mails, and say the same in every case, so
 * they reveal neither whether a reference exists nor whether a citizen erased their data.
 */
@Component("mailReplies")
public class MailReplies {

    static final Pattern REFERENCE = Pattern.compile("\\bWK-\\d{4}-\\d{6}\\b");
    private static final Pattern AUTOMATIC_SUBJECT = Pattern.compile(
            "(?i)^\\s*(automatische antwort|abwesenheitsnotiz|out of office|autoreply|auto-reply|automatic reply|auto:|"
                    + "undeliverable|unzustellbar|delivery status notification|mail delivery (failed|subsystem)|returned mail)");
    /** Headers that carry the reply mailbox's plus-address or our Message-ID. */
    private static final List<String> TOKEN_HEADERS = List.of("To", "Cc", "Delivered-To", "X-Original-To", "In-Reply-To", "References");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Logger LOG = LoggerFactory.getLogger(MailReplies.class);

    private final AnswerRelay relay;
    private final PersonalDataCipher cipher;
    private final CitizenTexts texts;
    private final ReplyProperties properties;
    private final ReplyMailboxProperties mailbox;
    private final ReplyTokens tokens;
    private final String from;
    private final String replyTo;
    private final List<String> explainDomains;
    private final ZoneId zone;
    private final Session session = Session.getInstance(new Properties());

    public MailReplies(AnswerRelay relay, PersonalDataCipher cipher, CitizenTexts texts, ReplyProperties properties,
                       ReplyMailboxProperties mailbox, ReplyTokens tokens,
                       MailProperties mail, ZoneId zone) {
        this.relay = relay;
        this.cipher = cipher;
        this.texts = texts;
        this.properties = properties;
        this.mailbox = mailbox;
        this.tokens = tokens;
        this.from = mail.from();
        this.replyTo = mail.replyTo();
        this.zone = zone;
        List<String> domains = Arrays.stream(properties.explainDomains().split(",")).map(d -> d.strip().toLowerCase(Locale.ROOT))
                .filter(d -> !d.isEmpty()).toList();
        this.explainDomains = domains.isEmpty()
                ? List.copyOf(new java.util.LinkedHashSet<>(List.of(domainOf(this.from), domainOf(this.replyTo)))) : domains;
    }

    /** Processed mails are deleted, unless meldeweg.mail.imap.move-to names a folder to move them to. */
    public boolean deleteProcessed() {
        return mailbox.moveTo().isEmpty();
    }

    /**
     * Handles the polled mail: settles it (recorded once, relayed when it may be) and leaves the
     * body null when nothing goes back, or an explanation (a MIME message) for its sender.
     */
    public void handle(Exchange exchange) throws Exception {
        // A local copy of the raw mail: parsed here rather than through the server's BODYSTRUCTURE
        // (which some servers get wrong), and nothing of it becomes a Camel header.
        Message mail = new MimeMessage((MimeMessage) exchange.getIn(MailMessage.class).getOriginalMessage());
        exchange.setMessage(new DefaultMessage(exchange));
        String key = cipher.keyedHash("mail", messageId(mail));
        if (relay.seen(key)) {
            LOG.info("Reply mail {} seen before: not handled again", shortKey(key));
            return;
        }
        Optional<CaseInfo> kase = caseByToken(mail);
        Long caseId = kase.map(CaseInfo::id).orElse(null);
        if (automatic(mail)) {
            relay.record(key, "MAIL", caseId, Outcome.AUTOMATIC);
            LOG.info("Reply mail {} is an automatic mail or a bounce: recorded, not relayed, not answered", shortKey(key));
            return;
        }
        AuthenticationResults.Verdict verdict = AuthenticationResults.judge(mail.getHeader("Authentication-Results"),
                mailbox.authservId(), mailbox.acceptedResults(), mailbox.acceptUnauthenticated());
        if (!verdict.passed()) {
            // The sender may be forged: no explanation to whoever the From names.
            relay.record(key, "MAIL", caseId, Outcome.UNAUTHENTICATED);
            LOG.warn("Reply mail {} fails the mail server's authentication ({}): not relayed, not answered", shortKey(key), verdict.reason());
            return;
        }
        if (kase.isEmpty()) {
            settleAndExplain(exchange, mail, key, null, Outcome.UNMATCHED);
            LOG.info("Reply mail {} carries no valid token of a mail we sent: not relayed", shortKey(key));
            return;
        }
        CaseInfo info = kase.get();
        String sender = sender(mail);
        if (sender == null || !relay.allowedSenders(info).contains(sender)) {
            settleAndExplain(exchange, mail, key, info, Outcome.REFUSED);
            LOG.warn("Reply mail {} for case {} comes from an address the directory does not allow for its department: not relayed",
                    shortKey(key), info.reference());
            return;
        }
        if (info.closed()) {
            settleAndExplain(exchange, mail, key, info, Outcome.CLOSED);
            relay.lateAnswer(info, "MAIL");
            return;
        }
        if (info.citizenId() == null || !info.citizenKnown()) {
            settleAndExplain(exchange, mail, key, info, Outcome.ERASED);
            LOG.info("Reply mail {} for case {}: nobody to relay to (citizen's data erased)", shortKey(key), info.reference());
            return;
        }
        String text = ReplyText.newText(body(mail));
        boolean closes = closes(mail);
        Outcome outcome = relay.relay(key, "MAIL", info, text, closes);
        LOG.info("Reply mail {} for case {}: {}{}", shortKey(key), info.reference(), outcome,
                closes && outcome != Outcome.CLOSED ? ", case closed by marker" : "");
    }

    /** The explanation could not be sent (refused, server down): the mail stays settled, nothing is retried. */
    public void explanationFailed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("The explanation for a reply mail could not be sent ({}); the mail is settled all the same and not read again",
                e == null ? "unknown" : e.getClass().getSimpleName());
    }

    /** The case whose token the mail carries (the first valid one), if any. */
    Optional<CaseInfo> caseByToken(Message mail) throws MessagingException {
        List<String> values = new java.util.ArrayList<>();
        for (String header : TOKEN_HEADERS) {
            String[] found = mail.getHeader(header);
            if (found != null) {
                values.addAll(Arrays.asList(found));
            }
        }
        for (String token : ReplyTokens.candidates(values)) {
            Optional<Long> caseId = tokens.caseOf(token);
            if (caseId.isPresent()) {
                return relay.caseById(caseId.get());
            }
        }
        return Optional.empty();
    }

    private boolean closes(Message mail) throws MessagingException {
        String marker = properties.closeMarker();
        String subject = mail.getSubject();
        return !marker.isEmpty() && subject != null && subject.toLowerCase(Locale.ROOT).contains(marker.toLowerCase(Locale.ROOT));
    }

    /**
     * RFC 3834 Auto-Submitted, the common auto-reply headers and subjects, delivery reports, and
     * bounces (empty Return-Path, MAILER-DAEMON, postmaster).
     */
    static boolean automatic(Message mail) throws MessagingException {
        String returnPath = first(mail, "Return-Path");
        if (returnPath != null && returnPath.replaceAll("[\\s<>]", "").isEmpty()) {
            return true;
        }
        String sender = sender(mail);
        if (sender != null && (sender.startsWith("mailer-daemon@") || sender.startsWith("postmaster@"))) {
            return true;
        }
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

    /** The From address, lower case; null when there is none. */
    static String sender(Message mail) throws MessagingException {
        Address[] senders = mail.getFrom();
        if (senders == null || senders.length != 1 || !(senders[0] instanceof InternetAddress address) || address.getAddress() == null) {
            return null;
        }
        return address.getAddress().strip().toLowerCase(Locale.ROOT);
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

    /**
     * Records the mail with its outcome, then prepares the one explanation its sender may get:
     * only to an address in the city's own domains, not to ourselves, at most one per sender and
     * {@code explain-every}; the same text whatever the reason.
     */
    private void settleAndExplain(Exchange exchange, Message mail, String key, CaseInfo kase, Outcome outcome) throws Exception {
        if (!relay.record(key, "MAIL", kase == null ? null : kase.id(), outcome)) {
            return;
        }
        String sender = sender(mail);
        if (sender == null || ours(sender) || !inOwnDomains(sender)) {
            LOG.info("Reply mail {}: no explanation (sender outside meldeweg.replies.explain-domains)", shortKey(key));
            return;
        }
        if (!relay.mayExplain(cipher.keyedHash("mail-sender", sender), properties.explainEvery())) {
            LOG.info("Reply mail {}: no explanation (its sender got one within {})", shortKey(key), properties.explainEvery());
            return;
        }
        MimeMessage answer = new MimeMessage(session);
        answer.setFrom(new InternetAddress(from));
        answer.setRecipients(Message.RecipientType.TO, new Address[] {new InternetAddress(sender)});
        answer.setSubject(headerSafe(texts.render("mail/reply-subject.txt", Map.of())), StandardCharsets.UTF_8.name());
        answer.setText(texts.render("mail/reply-not-relayed.txt", Map.of()), StandardCharsets.UTF_8.name());
        // RFC 3834: an automatic answer, so that no auto-responder answers it in turn.
        answer.setHeader("Auto-Submitted", "auto-replied");
        String inReplyTo = first(mail, "Message-ID");
        if (inReplyTo != null && inReplyTo.strip().matches("<[^<>\\s]{1,250}>")) {
            answer.setHeader("In-Reply-To", inReplyTo.strip());
        }
        answer.saveChanges();
        answer.setHeader("Message-ID", tokens.randomMessageId());
        exchange.getMessage().setBody(answer);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, FILE_TIME.format(ZonedDateTime.now(zone)) + "-reply-not-relayed.eml");
        LOG.info("Reply mail {} ({}): its sender gets an explanation", shortKey(key), outcome);
    }

    private boolean ours(String address) {
        return address.equalsIgnoreCase(bare(from)) || address.equalsIgnoreCase(bare(replyTo))
                || address.startsWith(bare(replyTo).substring(0, bare(replyTo).indexOf('@') + 1).replace("@", "+"));
    }

    private boolean inOwnDomains(String address) {
        String domain = domainOf(address);
        return explainDomains.stream().anyMatch(d -> domain.equals(d) || domain.endsWith("." + d));
    }

    private static String bare(String address) {
        try {
            return new InternetAddress(address).getAddress().toLowerCase(Locale.ROOT);
        } catch (jakarta.mail.internet.AddressException e) {
            return address.strip().toLowerCase(Locale.ROOT);
        }
    }

    private static String domainOf(String address) {
        String a = bare(address);
        return a.substring(a.lastIndexOf('@') + 1);
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
