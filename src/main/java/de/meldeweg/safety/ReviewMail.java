package de.meldeweg.safety;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import de.meldeweg.delivery.Deliveries;
import de.meldeweg.privacy.PersonalDataCipher;
import de.meldeweg.texts.CitizenTexts;
import de.meldeweg.MailProperties;

/**
 * The mail that tells the complaint office's review mailbox ({@code meldeweg.safety.review-mailbox})
 * about a held case: reference, what matched, the pseudonymized text and the link to the console's
 * review queue where it is decided. Sent
 * through the delivery outbox (channel REVIEW), so it is retried like any mail; never to a
 * department, never with phone number or name.
 */
@Component("reviewMail")
public class ReviewMail {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm", Locale.GERMANY);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final JdbcTemplate jdbc;
    private final PersonalDataCipher cipher;
    private final CitizenTexts templates;
    private final SafetyProperties properties;
    private final String from;
    private final ZoneId zone;
    private final String consoleUrl;
    private final de.meldeweg.delivery.ReplyTokens tokens;
    private final Session session = Session.getInstance(new Properties());

    public ReviewMail(JdbcTemplate jdbc, PersonalDataCipher cipher, CitizenTexts templates, SafetyProperties properties,
                      MailProperties mail, ZoneId zone,
                      de.meldeweg.delivery.ReplyTokens tokens, de.meldeweg.ConsoleProperties console) {
        this.tokens = tokens;
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.templates = templates;
        this.properties = properties;
        this.from = mail.from();
        this.zone = zone;
        this.consoleUrl = console.link("");
        templates.text("mail/review-subject.txt");
        templates.text("mail/review-body.txt");
    }

    /** Replaces the body (the claimed REVIEW delivery) with the finished MIME message. */
    public void prepare(Exchange exchange) throws Exception {
        Deliveries.Delivery delivery = exchange.getProperty(Deliveries.DELIVERY_ID, Deliveries.Delivery.class);
        if (properties.reviewMailbox().isEmpty()) {
            throw new IllegalStateException("meldeweg.safety.review-mailbox is not set");
        }
        Map<String, Object> row = jdbc.queryForMap("SELECT c.reference, c.report_enc, c.urgent, r.reason, r.held_at FROM report_case c "
                + "JOIN case_review r ON r.case_id = c.id WHERE c.id = ?", delivery.caseId());
        String reference = (String) row.get("reference");
        Map<String, String> values = new HashMap<>();
        values.put("reference", reference);
        // The console's review queue: deciding needs a signed-in REVIEW or ADMIN user, the link alone opens nothing.
        values.put("reviewUrl", consoleUrl + "/console/review");
        values.put("caseUrl", consoleUrl + "/console/cases/" + reference);
        values.put("matched", (String) row.get("reason"));
        values.put("text", cipher.decrypt((String) row.get("report_enc")));
        values.put("heldAt", LOCAL.format(toInstant(row.get("held_at")).atZone(zone)));
        boolean urgent = Boolean.TRUE.equals(row.get("urgent"));
        values.put("urgentNote", urgent ? "Achtung: Die Meldung deutet zugleich auf eine Gefahr hin." : "");

        MimeMessage mail = new MimeMessage(session);
        mail.setFrom(new InternetAddress(from));
        mail.setRecipients(jakarta.mail.Message.RecipientType.TO, InternetAddress.parse(properties.reviewMailbox(), true));
        mail.setSubject(oneLine(templates.render("mail/review-subject.txt", values)), StandardCharsets.UTF_8.name());
        mail.setHeader("X-Meldeweg-Case", oneLine(reference));
        mail.setHeader("X-Meldeweg-Review", "true");
        if (urgent) {
            mail.setHeader("X-Meldeweg-Urgent", "true");
        }
        mail.setText(templates.render("mail/review-body.txt", values), StandardCharsets.UTF_8.name(), "plain");
        mail.saveChanges();
        // Nobody answers into Meldeweg on this mail (decisions go through /admin/review): a random Message-ID, no reference in it.
        mail.setHeader("Message-ID", tokens.randomMessageId());
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(mail);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, FILE_TIME.format(ZonedDateTime.now(zone)) + "-" + reference + "-review.eml");
    }

    private static String oneLine(String value) {
        return value == null ? "" : value.replaceAll("[\\r\\n]+", " ").strip();
    }

    private static java.time.Instant toInstant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalArgumentException("not a time: " + value);
    }
}
