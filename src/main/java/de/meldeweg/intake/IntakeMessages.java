package de.meldeweg.intake;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

import de.meldeweg.citizen.Citizens;
import de.meldeweg.citizen.Sender;
import de.meldeweg.language.CitizenLanguages;
import de.meldeweg.language.LanguageDetector;
import de.meldeweg.privacy.Erasure;
import de.meldeweg.privacy.PersonalDataCipher;
import de.meldeweg.texts.CitizenTexts;
import de.meldeweg.whatsapp.OutboundMessages;

/**
 * The citizen's messages: admitting one (sender registered, deduplicated by the keyed hash of its
 * id, redeliveries of erased citizens kept out), and storing it the way the choice in
 * {@code routes/intake-message.camel.yaml} decided. Runs inside the event's transaction.
 */
@Component("intakeMessages")
public class IntakeMessages {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeMessages.class);
    public static final String HINT_UNSUPPORTED = "HINT_UNSUPPORTED";
    public static final String PRIVACY_NOTICE = "PRIVACY_NOTICE";

    private final JdbcTemplate jdbc;
    private final Citizens citizens;
    private final IntakeEvents events;
    private final OutboundMessages outbound;
    private final PersonalDataCipher cipher;
    private final CitizenTexts texts;
    private final ZoneId zone;
    private final Erasure erasure;
    private final WebhookErrors errors;
    private final Clock clock;
    private final CitizenLanguages languages;

    public IntakeMessages(JdbcTemplate jdbc, Citizens citizens, OutboundMessages outbound, PersonalDataCipher cipher,
                          CitizenTexts texts, ZoneId zone, Erasure erasure, WebhookErrors errors, Clock clock,
                          CitizenLanguages languages, IntakeEvents events) {
        this.events = events;
        this.languages = languages;
        this.jdbc = jdbc;
        this.citizens = citizens;
        this.outbound = outbound;
        this.cipher = cipher;
        this.texts = texts;
        this.zone = zone;
        this.erasure = erasure;
        this.errors = errors;
        this.clock = clock;
    }

    /**
     * The message when it is new and its sender known, null otherwise (reason noted): without id
     * or sender, over-long, a redelivery of an erased citizen's message, or seen before. A new
     * sender is registered and gets the privacy notice once; the event is linked to the citizen.
     */
    public InboundMessage admit(@Body IntakePart part, @ExchangeProperty(IntakeEvents.NOTES) IntakeNotes notes) {
        JsonNode message = part.node();
        long eventId = part.eventId();
        String wamid = message.path("id").asString("");
        String type = message.path("type").asString("");
        if (wamid.isEmpty()) {
            notes.note("message without id");
            return null;
        }
        Sender sender = sender(message.path("from").asString(""), message.path("from_user_id").asString(""), part.contacts());
        if (!sender.identified()) {
            notes.note("message without sender");
            return null;
        }
        String overLong = overLong(sender, message.path(type));
        if (overLong != null) {
            notes.note("message with an over-long " + overLong + " is not stored");
            return null;
        }
        notes.handled();
        String key = cipher.keyedHash("wamid", wamid);
        // One read for both: erased before (a redelivery of an erased citizen's message) and seen before.
        Seen seen = seen(key);
        if (seen.erased()) {
            // A redelivery of an erased citizen's message (or of the command): it must not bring them back.
            notes.note("redelivered message of an erased citizen");
            notes.erased();
            return null;
        }
        Instant now = clock.instant();
        Instant sentAt = timestamp(message.path("timestamp"), now);
        // A notice from WhatsApp about the account is no message of the citizen: it opens no window.
        Instant inbound = "system".equals(type) ? null : sentAt.isAfter(now) ? now : sentAt;
        String text = message.path(type).path("text".equals(type) ? "body" : "caption").asString(null);
        // A new citizen's row is written with the language of this message and its time (WhatsApp's window).
        Citizens.Registration registration = citizens.register(sender, now, () -> LanguageDetector.detect(text), inbound);
        long citizen = welcome(registration, text);
        events.link(eventId, citizen);
        if (seen.stored()) {
            notes.note("redelivered message");
            return null;
        }
        for (JsonNode error : message.path("errors")) {
            errors.record(eventId, "message", error);
        }
        if (inbound != null && !registration.firstContact()) {
            citizens.touchInbound(citizen, inbound);
        }
        return new InboundMessage(key, citizen, eventId, type, message, sentAt, now);
    }

    /** Text or photo (with its caption): stored for case assembly; a photo waits to be fetched. */
    public void store(@Body InboundMessage message) {
        JsonNode content = message.content();
        String type = message.type();
        String text = "text".equals(type) ? content.path("body").asString(null) : content.path("caption").asString(null);
        String mediaId = content.path("id").asString(null);
        insert(message, type, true, text, mediaId, content.path("mime_type").asString(null), content.path("sha256").asString(null));
        if ("image".equals(type) && mediaId != null && !mediaId.isBlank()) {
            jdbc.update("INSERT INTO inbound_media (message_id, media_id, state, next_attempt_at) "
                    + "SELECT id, ?, 'PENDING', ? FROM inbound_message WHERE message_key = ?", mediaId,
                    Timestamp.from(message.receivedAt()), message.key());
        }
        // The everyday case, once per message: at DEBUG (the case's INFO line counts the messages it took).
        LOG.debug("Message of type {} from citizen {} stored (event {})", type, message.citizen(), message.eventId());
    }

    /** A shared location: stored for case assembly as the department reads it, with its coordinates. */
    public void storeLocation(@Body InboundMessage message) {
        JsonNode location = message.content();
        Double latitude = location.path("latitude").isNumber() ? location.path("latitude").asDouble() : null;
        Double longitude = location.path("longitude").isNumber() ? location.path("longitude").asDouble() : null;
        insert(message, "location", true, describe(location, latitude, longitude), null, null, null);
        jdbc.update("UPDATE inbound_message SET latitude = ?, longitude = ? WHERE message_key = ?", latitude, longitude, message.key());
        LOG.info("Message of type location from citizen {} stored (event {})", message.citizen(), message.eventId());
    }

    /** WhatsApp's notice about the account (number or user id changed): remembered as seen, no hint. */
    public void recordSystem(@Body InboundMessage message, @ExchangeProperty(IntakeEvents.NOTES) IntakeNotes notes) {
        insert(message, "system", false, null, null, null, null);
        notes.note("system message");
    }

    /**
     * "Ok" or a tap on the template's button while an answer is held: it opened the window and the
     * held answer goes out now; it is no new report and needs no hint.
     */
    public void recordAnswerRequest(@Body InboundMessage message, @ExchangeProperty(IntakeEvents.NOTES) IntakeNotes notes) {
        insert(message, clip(message.type()), false, null, null, null, null);
        notes.note("asks for the answer waiting for the citizen");
        LOG.info("Citizen {} asked for the answer waiting for them (event {})", message.citizen(), message.eventId());
    }

    /**
     * A reaction (an emoji on one of our messages, or its removal): no message to us. Remembered
     * as seen so a redelivery is recognised; no report, no hint, no answer.
     */
    public void recordReaction(@Body InboundMessage message, @ExchangeProperty(IntakeEvents.NOTES) IntakeNotes notes) {
        insert(message, "reaction", false, null, null, null, null);
        notes.note("reaction");
    }

    /** Any other type: recorded, not stored as a report, and at most one hint per citizen and day. */
    public void unsupported(@Body InboundMessage message, @ExchangeProperty(IntakeEvents.NOTES) IntakeNotes notes) {
        String type = message.type();
        insert(message, clip(type.isEmpty() ? "unknown" : type), false, null, null, null, null);
        notes.note("type '" + clip(type) + "' is not accepted");
        hintOncePerDay(message.citizen(), message.receivedAt(), type);
    }

    /** "Löschen": noted on the event, which goes once processed; route privacy-erase erases. */
    public void erasing(@ExchangeProperty(IntakeEvents.NOTES) IntakeNotes notes) {
        // The erasure finds the citizen's raw events by their links: the batch's links noted so far are written first.
        events.linkPending();
        notes.note("erasure on request");
        notes.erased();
    }

    /** A short message that only looks like a wish to delete: a hint how to do it, no report. */
    public void erasureHint(@Body InboundMessage message, @ExchangeProperty(IntakeEvents.NOTES) IntakeNotes notes) {
        insert(message, "text", false, null, null, null, null);
        outbound.enqueue(message.citizen(), Erasure.HINT_PURPOSE, texts.text(message.citizen(), Erasure.HINT));
        notes.note("looks like a wish to delete: hint how to erase");
        LOG.info("Citizen {} seems to want their data deleted: hint queued", message.citizen());
    }

    /** "Status", "Stand?" or a reference: recorded as seen, no report (route: statusRequests answers). */
    public void recordStatusRequest(@Body InboundMessage message, @ExchangeProperty(IntakeEvents.NOTES) IntakeNotes notes) {
        insert(message, "text", false, null, null, null, null);
        notes.note("asks for the state of their reports");
    }

    /**
     * On a citizen's first contact: the short privacy notice and how "Löschen" works, once, in the
     * language of the message (the first recognisable language is kept for all later texts).
     */
    long welcome(Citizens.Registration registration, String text) {
        // A new citizen's row holds the language of this message already; a known one's was read with the row.
        Optional<String> language = registration.firstContact() ? registration.language()
                : languages.remember(registration.id(), registration.language(), text);
        if (registration.firstContact()) {
            // The language just read or noted: no second read of the citizen row.
            outbound.enqueue(registration.id(), PRIVACY_NOTICE, texts.text(language, CitizenTexts.PRIVACY_NOTICE));
        }
        return registration.id();
    }

    void hintOncePerDay(long citizen, Instant now, String type) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        if (citizens.claimDailyHint(citizen, today)) {
            outbound.enqueue(citizen, HINT_UNSUPPORTED, texts.text(citizen, CitizenTexts.UNSUPPORTED_HINT));
            LOG.info("Citizen {} sent a {} message: hint queued", citizen, clip(type));
        }
    }

    /** Whether a message with this keyed id was erased with its citizen, and whether it is stored. */
    record Seen(boolean erased, boolean stored) {
    }

    Seen seen(String key) {
        return jdbc.queryForObject("SELECT (SELECT COUNT(*) FROM erased_message WHERE message_key = ?), "
                + "(SELECT COUNT(*) FROM inbound_message WHERE message_key = ?)",
                (rs, n) -> new Seen(rs.getInt(1) > 0, rs.getInt(2) > 0), key, key);
    }

    boolean alreadySeen(String key) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message WHERE message_key = ?", Integer.class, key);
        return n != null && n > 0;
    }

    private void insert(InboundMessage m, String type, boolean accepted, String text, String mediaId, String mime, String sha256) {
        insert(m.key(), m.citizen(), m.eventId(), type, accepted, text, mediaId, mime, sha256, m.sentAt(), m.receivedAt());
    }

    void insert(String key, long citizen, long eventId, String type, boolean accepted, String text,
                String mediaId, String mime, String sha256, Instant sentAt, Instant receivedAt) {
        jdbc.update("INSERT INTO inbound_message (message_key, citizen_id, event_id, type, accepted, text_enc, media_id, "
                        + "media_mime, media_sha256, sent_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                key, citizen, eventId, type, accepted, cipher.encrypt(text), mediaId, mime, sha256,
                Timestamp.from(sentAt), Timestamp.from(receivedAt));
    }

    /** A shared location as the department reads it: name, address, coordinates and a map link. */
    static String describe(JsonNode location, Double latitude, Double longitude) {
        StringBuilder text = new StringBuilder("[Standort]");
        String name = location.path("name").asString("");
        String address = location.path("address").asString("");
        if (!name.isBlank()) {
            text.append(' ').append(name);
        }
        if (!address.isBlank()) {
            text.append(name.isBlank() ? " " : ", ").append(address);
        }
        if (latitude != null && longitude != null) {
            text.append(String.format(java.util.Locale.ROOT, " (%.6f, %.6f) https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f#map=18/%.6f/%.6f",
                    latitude, longitude, latitude, longitude, latitude, longitude));
        }
        return text.toString();
    }

    /**
     * The sender of a message: phone number from {@code from} (may be empty for citizens with a
     * username), business-scoped user id from {@code from_user_id}, and the matching entry of
     * {@code contacts[]} for the profile.
     */
    static Sender sender(String from, String fromUserId, JsonNode contacts) {
        JsonNode contact = null;
        for (JsonNode c : contacts) {
            boolean byPhone = !from.isEmpty() && from.equals(c.path("wa_id").asString(""));
            boolean byUser = !fromUserId.isEmpty() && fromUserId.equals(c.path("user_id").asString(""));
            if (byPhone || byUser) {
                contact = c;
                break;
            }
        }
        if (contact == null && contacts.size() == 1) {
            contact = contacts.get(0);
        }
        String phone = !from.isEmpty() ? from : contact == null ? "" : contact.path("wa_id").asString("");
        String userId = !fromUserId.isEmpty() ? fromUserId : contact == null ? "" : contact.path("user_id").asString("");
        String name = contact == null ? null : contact.path("profile").path("name").asString(null);
        String username = contact == null ? null : contact.path("profile").path("username").asString(null);
        return new Sender(phone.isEmpty() ? null : phone, userId.isEmpty() ? null : userId, name, username);
    }

    /**
     * The first field that is longer than WhatsApp ever sends it (and than its column holds once
     * encrypted), or null. Such a message is not from WhatsApp; it is recorded, not stored.
     */
    static String overLong(Sender sender, JsonNode content) {
        if (bytes(sender.phone()) > 100) {
            return "phone number";
        }
        if (bytes(sender.userId()) > 400 || bytes(sender.username()) > 400) {
            return "user id";
        }
        if (bytes(sender.profileName()) > 800) {
            return "profile name";
        }
        for (String field : List.of("body", "caption", "name", "address")) {
            if (bytes(content.path(field).asString(null)) > 16384) {
                return "text";
            }
        }
        for (String field : List.of("id", "mime_type", "sha256")) {
            if (content.path(field).asString("").length() > 128) {
                return field;
            }
        }
        return null;
    }

    private static int bytes(String s) {
        return s == null ? 0 : s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    static Instant timestamp(JsonNode node, Instant fallback) {
        try {
            if (node.isNumber() && !node.canConvertToLong()) {
                return fallback;
            }
            long seconds = node.isNumber() ? node.asLong() : Long.parseLong(node.asString(""));
            return seconds > 0 ? Instant.ofEpochSecond(seconds) : fallback;
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return fallback;
        }
    }

    /** Field values from outside go into reasons and logs only short and printable. */
    static String clip(String s) {
        if (s == null) {
            return "";
        }
        String printable = s.replaceAll("[^\\p{Alnum}_.:-]", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }
}
