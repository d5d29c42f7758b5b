package de.meldeweg.delivery;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;

import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

import de.meldeweg.cases.CasePhotos;
import de.meldeweg.cases.Pseudonymizer;
import de.meldeweg.location.CaseLocations;
import de.meldeweg.location.CasePlace;
import de.meldeweg.privacy.PersonalDataCipher;
import de.meldeweg.texts.CitizenTexts;
import de.meldeweg.MailProperties;

/**
 * Builds the e-mail that takes a case to its department, from the templates in
 * {@code config/templates/mail/}: subject with reference and category name, the
 * {@code X-Meldeweg-*} headers, Reply-To the reply mailbox (its plus-address with the mail's
 * secret token, see {@link ReplyTokens}), Message-ID {@code <token@domain>}, a text and an HTML
 * part. It carries the pseudonymized report only: no phone number, no profile name.
 */
@Component("mailDelivery")
public class MailDelivery {

    /** The variant of the reply token of a case's first mail (recorded when its delivery is claimed, see Deliveries). */
    static final String TOKEN_VARIANT = "mail";
    private static final DateTimeFormatter RECEIVED = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm", Locale.GERMANY);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final JdbcTemplate jdbc;
    private final PersonalDataCipher cipher;
    private final CitizenTexts templates;
    private final String from;
    private final String smtpHost;
    private final ZoneId zone;
    static {
        // Jakarta Mail looks up its StreamProvider with a ServiceLoader for every body part, header
        // word and multipart it builds or writes: with the service's nested jars that scan was the
        // largest single cost of a mail (about a tenth of the pipeline's CPU). Named here, it is
        // one class instantiation instead. JVM-wide; an explicit -D setting wins.
        System.getProperties().putIfAbsent("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
    }

    private final Session session = Session.getInstance(new Properties());
    private final CasePhotos photos;
    private final Pseudonymizer pseudonymizer;
    private final ReplyTokens tokens;
    private final CaseLocations locations;

    public MailDelivery(JdbcTemplate jdbc, PersonalDataCipher cipher, CitizenTexts templates, CasePhotos photos, Pseudonymizer pseudonymizer,
                        ReplyTokens tokens, CaseLocations locations,
                        MailProperties mail, ZoneId zone) {
        this.jdbc = jdbc;
        this.photos = photos;
        this.pseudonymizer = pseudonymizer;
        this.tokens = tokens;
        this.locations = locations;
        this.cipher = cipher;
        this.templates = templates;
        this.from = mail.from();
        this.smtpHost = mail.smtp().host();
        this.zone = zone;
    }

    /** Mail goes over SMTP only when a server is configured; otherwise into the outbox folder. */
    public boolean configured() {
        return smtpHost != null && !smtpHost.isBlank();
    }

    /** Replaces the body (the claimed delivery) with the finished MIME message. */
    public void prepare(Exchange exchange) throws Exception {
        Deliveries.Delivery delivery = exchange.getProperty(Deliveries.DELIVERY_ID, Deliveries.Delivery.class);
        Map<String, Object> row = jdbc.queryForMap("SELECT reference, category_code, report_enc, urgent, created_at, "
                + "category_name, department_name, department_email AS email FROM report_case WHERE id = ?", delivery.caseId());
        exchange.getMessage().removeHeaders("*");
        CasePhotos.Photos casePhotos = photos.of(delivery.caseId(), "MAIL");
        MimeMessage mail = build(delivery.caseId(), delivery.id(), row, casePhotos);
        exchange.setProperty(CasePhotos.INCLUDED, casePhotos.messageIds());
        exchange.setProperty(CasePhotos.NONE, casePhotos.none());
        exchange.getMessage().setBody(mail);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, FILE_TIME.format(ZonedDateTime.now(zone)) + "-" + row.get("reference") + ".eml");
    }

    MimeMessage build(long caseId, long deliveryId, Map<String, Object> row, CasePhotos.Photos photos) throws MessagingException {
        String reference = (String) row.get("reference");
        boolean urgent = Boolean.TRUE.equals(row.get("urgent"));
        Map<String, String> values = new HashMap<>();
        values.put("reference", reference);
        values.put("categoryCode", (String) row.get("category_code"));
        values.put("categoryName", (String) row.get("category_name"));
        values.put("departmentName", (String) row.get("department_name"));
        values.put("text", cipher.decrypt((String) row.get("report_enc")));
        values.put("receivedAt", RECEIVED.format(toInstant(row.get("created_at")).atZone(zone)));
        values.put("urgentMark", urgent ? " – DRINGEND" : "");
        values.put("urgentNote", urgent ? " DRINGEND: Die Meldung deutet auf eine Gefahr hin." : "");
        values.put("photoNote", photoNote(photos));
        CasePlace place = locations.forDepartment(caseId);
        values.putAll(place.mailValues());

        // Issued (written) by the claim's transaction (Deliveries.claimDue) before this mail is built.
        String token = tokens.token(caseId, deliveryId, TOKEN_VARIANT);
        return departmentMail(session, tokens.messageId(token), from, tokens.replyTo(token), row, templates.render("mail/subject.txt", values),
                templates.render("mail/body.txt", values),
                templates.render("mail/body.html", values, v -> HtmlUtils.htmlEscape(v, StandardCharsets.UTF_8.name())),
                place.known() ? Map.of("X-Meldeweg-Location", encoded(place.label())) : Map.of(), photos.fetched(), pseudonymizer);
    }

    /** A header value with umlauts travels RFC 2047-encoded ({@code =?UTF-8?Q?Bischofstra=C3=9Fe_12...?=}). */
    static String encoded(String value) {
        try {
            return jakarta.mail.internet.MimeUtility.encodeText(headerSafe(value), StandardCharsets.UTF_8.name(), "Q");
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A mail to the case's department (the first one, or a Nachtrag): the contract's headers, a
     * plain-text and an HTML part, the photos attached, and any further headers (In-Reply-To ...).
     */
    static MimeMessage departmentMail(Session session, String messageId, String from, String replyTo, Map<String, Object> row,
                                      String subject, String plain, String html, Map<String, String> headers,
                                      List<CasePhotos.Photo> photos, Pseudonymizer pseudonymizer) throws MessagingException {
        String reference = (String) row.get("reference");
        MimeMessage mail = new StableIdMessage(session, messageId);
        mail.setFrom(new InternetAddress(from));
        mail.setRecipients(jakarta.mail.Message.RecipientType.TO, InternetAddress.parse((String) row.get("email"), true));
        mail.setReplyTo(InternetAddress.parse(replyTo, true));
        mail.setSubject(headerSafe(subject), StandardCharsets.UTF_8.name());
        mail.setHeader("X-Meldeweg-Case", headerSafe(reference));
        mail.setHeader("X-Meldeweg-Category", headerSafe((String) row.get("category_code")));
        if (Boolean.TRUE.equals(row.get("urgent"))) {
            mail.setHeader("X-Meldeweg-Urgent", "true");
            mail.setHeader("Importance", "high");
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            mail.setHeader(header.getKey(), headerSafe(header.getValue()));
        }
        MimeBodyPart text = new MimeBodyPart();
        text.setText(plain, StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setText(html, StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(htmlPart);
        MimeBodyPart content = new MimeBodyPart();
        content.setContent(alternative);
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(content);
        for (CasePhotos.Photo photo : photos) {
            mixed.addBodyPart(attachment(photo, pseudonymizer));
        }
        mail.setContent(mixed);
        mail.saveChanges();
        return mail;
    }

    /** The Message-ID of the first mail of a case (delivery {@code deliveryId}): the same on every attempt. */
    String messageId(long caseId, long deliveryId) {
        return tokens.messageId(tokens.issue(caseId, deliveryId, TOKEN_VARIANT));
    }

    /** A photo as attachment, its (masked) caption as the part's description. */
    static MimeBodyPart attachment(CasePhotos.Photo photo, Pseudonymizer pseudonymizer) throws MessagingException {
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new jakarta.activation.DataHandler(new jakarta.mail.util.ByteArrayDataSource(photo.content(), photo.mime())));
        attachment.setFileName(photo.fileName());
        attachment.setDisposition(jakarta.mail.Part.ATTACHMENT);
        if (photo.caption() != null && !photo.caption().isBlank()) {
            attachment.setDescription(headerSafe(pseudonymizer.mask(photo.caption())), StandardCharsets.UTF_8.name());
        }
        return attachment;
    }

    static String photoNote(CasePhotos.Photos photos) {
        StringBuilder note = new StringBuilder();
        if (!photos.fetched().isEmpty()) {
            note.append("Fotos im Anhang: ").append(photos.fetched().size()).append('.');
        }
        if (photos.pending() > 0) {
            note.append(note.length() > 0 ? " " : "").append("Hinweis: ").append(photos.pending())
                    .append(photos.pending() == 1 ? " Foto konnte" : " Fotos konnten")
                    .append(" noch nicht abgerufen werden; Meldeweg versucht es weiter und sendet ")
                    .append(photos.pending() == 1 ? "es" : "sie").append(" als Nachtrag zu dieser Meldung.");
        }
        if (photos.failed() > 0) {
            note.append(note.length() > 0 ? " " : "").append("Hinweis: ").append(photos.failed())
                    .append(photos.failed() == 1 ? " Foto konnte" : " Fotos konnten").append(" nicht abgerufen werden.");
        }
        return note.toString();
    }

    /** The .eml bytes, for the outbox folder. */
    public byte[] eml(Exchange exchange) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exchange.getMessage().getBody(MimeMessage.class).writeTo(out);
        return out.toByteArray();
    }

    /** Header values never carry line breaks: no header injection through names from configuration. */
    static String headerSafe(String value) {
        return value == null ? "" : value.replaceAll("[\\r\\n]+", " ").strip();
    }

    private static java.time.Instant toInstant(Object value) {
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalArgumentException("not a time: " + value);
    }

    /** Keeps one Message-ID per delivery, so a mail sent again after a crash is recognisable as the same. */
    static final class StableIdMessage extends MimeMessage {
        private final String messageId;

        StableIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

}
