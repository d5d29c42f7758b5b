package de.meldeweg.outbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.camel.Body;
import org.springframework.stereotype.Component;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

/**
 * A mail in the outbox folder as a clerk reads it: sender, recipients, date (in
 * {@code meldeweg.time-zone}), subject, Meldeweg's case headers, the text part and a list of the
 * attachments. Written as a {@code .txt} beside the {@code .eml} (route {@code outbox-mail-text}),
 * so someone trying Meldeweg without a mail server can read what a department would receive.
 */
@Component("outboxMailText")
public class OutboxMailText {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss z", Locale.GERMANY);
    private static final String LINE = "-".repeat(72);

    private final ZoneId zone;

    public OutboxMailText(ZoneId zone) {
        this.zone = zone;
    }

    public String render(@Body byte[] eml) throws MessagingException, IOException {
        MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(eml));
        StringBuilder text = new StringBuilder();
        line(text, "Von", addresses(mail.getFrom()));
        line(text, "An", addresses(mail.getRecipients(MimeMessage.RecipientType.TO)));
        line(text, "Kopie", addresses(mail.getRecipients(MimeMessage.RecipientType.CC)));
        line(text, "Antwort an", addresses(mail.getReplyTo()));
        line(text, "Datum", mail.getSentDate() == null ? null : DATE.format(mail.getSentDate().toInstant().atZone(zone)));
        line(text, "Betreff", mail.getSubject());
        line(text, "Vorgang", header(mail, "X-Meldeweg-Case"));
        line(text, "Kategorie", header(mail, "X-Meldeweg-Category"));
        line(text, "Ort", header(mail, "X-Meldeweg-Location"));
        if ("true".equalsIgnoreCase(header(mail, "X-Meldeweg-Urgent"))) {
            line(text, "Dringend", "ja");
        }
        List<String> attachments = new ArrayList<>();
        String body = textOf(mail, attachments);
        text.append(LINE).append('\n').append(body == null ? "(kein Textteil)" : body.strip()).append('\n').append(LINE).append('\n');
        if (!attachments.isEmpty()) {
            text.append("Anhänge:\n");
            attachments.forEach(a -> text.append("  - ").append(a).append('\n'));
        }
        return text.toString();
    }

    /** The first text/plain part; every part with a file name is listed as an attachment. */
    private static String textOf(Part part, List<String> attachments) throws MessagingException, IOException {
        if (part.getFileName() != null) {
            attachments.add(MimeUtility.decodeText(part.getFileName()) + " (" + part.getContentType().split(";")[0].trim() + ")");
            return null;
        }
        if (part.isMimeType("text/plain")) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            String found = null;
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String text = textOf(child, attachments);
                if (found == null) {
                    found = text;
                }
            }
            return found;
        }
        return null;
    }

    private static String header(MimeMessage mail, String name) throws MessagingException {
        String value = mail.getHeader(name, ", ");
        return value == null ? null : decode(value);
    }

    private static String decode(String value) {
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(value));
        } catch (IOException e) {
            return value;
        }
    }

    private static String addresses(Address[] addresses) {
        return addresses == null || addresses.length == 0 ? null
                : Arrays.stream(addresses).map(a -> decode(a.toString())).collect(Collectors.joining(", "));
    }

    private static void line(StringBuilder text, String label, String value) {
        if (value != null && !value.isBlank()) {
            text.append(String.format("%-11s %s%n", label + ":", value));
        }
    }
}
