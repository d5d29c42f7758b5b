package de.meldeweg.delivery;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

import de.meldeweg.cases.CasePhotos;
import de.meldeweg.cases.Pseudonymizer;
import de.meldeweg.texts.CitizenTexts;
import de.meldeweg.MailProperties;

/**
 * The "Nachtrag" mail of a {@code PHOTOS_MAIL} delivery: photos fetched after the case's mail went
 * out, to the same department address, from {@code config/templates/mail/photos-*}. It answers the
 * first mail ({@code In-Reply-To}/{@code References} its Message-ID), carries the contract's
 * {@code X-Meldeweg-*} headers and, like it, a secret token of its own in Reply-To and Message-ID
 * ({@link ReplyTokens}), and the photos as attachments with their masked captions. Its token is
 * stable for the same photos, so a resend after a crash is recognisable as the same mail. No phone number, no profile name, no message text.
 */
@Component("latePhotoMail")
public class LatePhotoMail {

    private static final Logger LOG = LoggerFactory.getLogger(LatePhotoMail.class);
    private static final DateTimeFormatter RECEIVED = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm", Locale.GERMANY);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final JdbcTemplate jdbc;
    private final CasePhotos photos;
    private final CitizenTexts templates;
    private final Pseudonymizer pseudonymizer;
    private final MailDelivery mails;
    private final ReplyTokens tokens;
    private final String from;
    private final ZoneId zone;
    private final Session session = Session.getInstance(new Properties());

    public LatePhotoMail(JdbcTemplate jdbc, CasePhotos photos, CitizenTexts templates, Pseudonymizer pseudonymizer,
                         MailDelivery mails, ReplyTokens tokens,
                         MailProperties mail, ZoneId zone) {
        this.jdbc = jdbc;
        this.photos = photos;
        this.templates = templates;
        this.pseudonymizer = pseudonymizer;
        this.mails = mails;
        this.tokens = tokens;
        this.from = mail.from();
        this.zone = zone;
    }

    /**
     * Replaces the body (the claimed delivery) with the Nachtrag, or with null when no photo is
     * waiting any more (erased, or sent by an earlier round): then nothing goes out.
     */
    public void prepare(Exchange exchange) throws Exception {
        Deliveries.Delivery delivery = exchange.getProperty(Deliveries.DELIVERY_ID, Deliveries.Delivery.class);
        Map<String, Object> row = jdbc.queryForMap("SELECT reference, category_code, urgent, created_at, category_name, "
                + "department_name, department_email AS email FROM report_case WHERE id = ?", delivery.caseId());
        String reference = (String) row.get("reference");
        exchange.getMessage().removeHeaders("*");
        CasePhotos.Photos late = photos.of(delivery.caseId(), CasePhotos.PHOTOS_MAIL);
        exchange.setProperty(CasePhotos.INCLUDED, late.messageIds());
        if (late.fetched().isEmpty()) {
            exchange.getMessage().setBody(null);
            LOG.info("Case {}: no late photo waits for a mail any more; nothing to send", reference);
            return;
        }
        List<Long> first = jdbc.queryForList("SELECT id FROM delivery WHERE case_id = ? AND channel = 'MAIL'", Long.class, delivery.caseId());
        exchange.getMessage().setBody(build(delivery.caseId(), delivery.id(), first.isEmpty() ? null : first.get(0), row, late));
        exchange.getMessage().setHeader(Exchange.FILE_NAME, FILE_TIME.format(ZonedDateTime.now(zone)) + "-" + reference + "-nachtrag.eml");
        LOG.info("Case {}: Nachtrag with {} late photo(s) to the department", reference, late.fetched().size());
    }

    MimeMessage build(long caseId, long deliveryId, Long firstMailDelivery, Map<String, Object> row, CasePhotos.Photos late) throws MessagingException {
        String reference = (String) row.get("reference");
        boolean urgent = Boolean.TRUE.equals(row.get("urgent"));
        int count = late.fetched().size();
        Map<String, String> values = new HashMap<>();
        values.put("reference", reference);
        values.put("categoryCode", (String) row.get("category_code"));
        values.put("categoryName", (String) row.get("category_name"));
        values.put("departmentName", (String) row.get("department_name"));
        values.put("receivedAt", RECEIVED.format(toInstant(row.get("created_at")).atZone(zone)));
        values.put("urgentMark", urgent ? " – DRINGEND" : "");
        values.put("urgentNote", urgent ? " DRINGEND: Die Meldung deutet auf eine Gefahr hin." : "");
        values.put("photos", count == 1 ? "1 Foto" : count + " Fotos");
        values.put("photoCount", Integer.toString(count));
        values.put("photoList", late.fetched().stream().map(p -> "- " + p.fileName()
                + (p.caption() == null || p.caption().isBlank() ? "" : ": " + pseudonymizer.mask(p.caption()).strip()))
                .collect(Collectors.joining("\n")));
        values.put("photoNote", MailDelivery.photoNote(new CasePhotos.Photos(List.of(), late.pending(), late.failed())));

        Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (firstMailDelivery != null) {
            String first = mails.messageId(caseId, firstMailDelivery);
            headers.put("In-Reply-To", first);
            headers.put("References", first);
        }
        String token = tokens.issue(caseId, deliveryId, variant(late.messageIds()));
        return MailDelivery.departmentMail(session, tokens.messageId(token), from, tokens.replyTo(token), row,
                templates.render("mail/photos-subject.txt", values), templates.render("mail/photos-body.txt", values),
                templates.render("mail/photos-body.html", values, v -> HtmlUtils.htmlEscape(v, StandardCharsets.UTF_8.name())),
                headers, late.fetched(), pseudonymizer);
    }

    /**
     * The same photos give the same token and Message-ID (a resend after a crash is the same mail);
     * another set of photos, a later Nachtrag of the same case, gets another one.
     */
    static String variant(List<Long> photoIds) {
        return "nachtrag:" + photoIds.stream().map(String::valueOf).collect(Collectors.joining(","));
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
}
