package de.meldeweg.intake;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;


import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import de.meldeweg.citizen.Citizens;
import de.meldeweg.citizen.Sender;
import de.meldeweg.privacy.Erasure;
import de.meldeweg.privacy.ErasureCommand;
import de.meldeweg.replies.AnswerRequest;
import de.meldeweg.replies.HeldAnswers;
import de.meldeweg.privacy.PersonalDataCipher;
import de.meldeweg.safety.SafetyChecks;
import de.meldeweg.texts.CitizenTexts;
import de.meldeweg.whatsapp.OutboundMessages;
import de.meldeweg.whatsapp.WhatsAppProperties;

/**
 * Understands stored webhook events, one transaction per event: every entry, change, message
 * and status; deduplicated by a keyed hash of the message id; the city's rules applied (accepted
 * types are stored for case assembly, everything else gets at most one hint per citizen and day).
 * What cannot be processed is recorded with its reason, never dropped silently.
 */
@Component("webhookIntake")
public class WebhookIntake {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String HINT_UNSUPPORTED = "HINT_UNSUPPORTED";
    public static final String PRIVACY_NOTICE = "PRIVACY_NOTICE";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Citizens citizens;
    private final OutboundMessages outbound;
    private final PersonalDataCipher cipher;
    private final CitizenTexts texts;
    private final IntakeProperties intake;
    private final WhatsAppProperties whatsApp;
    private final Clock clock;
    private final SafetyChecks safety;
    private final Erasure erasure;
    private final HeldAnswers heldAnswers;

    public WebhookIntake(JdbcTemplate jdbc, TransactionTemplate transaction, Citizens citizens, OutboundMessages outbound,
                         PersonalDataCipher cipher, CitizenTexts texts, IntakeProperties intake,
                         WhatsAppProperties whatsApp, Clock clock, SafetyChecks safety, Erasure erasure,
                         HeldAnswers heldAnswers) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.citizens = citizens;
        this.outbound = outbound;
        this.cipher = cipher;
        this.texts = texts;
        this.intake = intake;
        this.whatsApp = whatsApp;
        this.clock = clock;
        this.safety = safety;
        this.erasure = erasure;
        this.heldAnswers = heldAnswers;
    }

    /** Ids of stored events not processed yet, oldest first. */
    public List<Long> pending() {
        return jdbc.queryForList("SELECT id FROM webhook_event WHERE state = 'RECEIVED' ORDER BY id FETCH FIRST "
                + intake.batchSize() + " ROWS ONLY", Long.class);
    }

    /**
     * Processes stored events together in one transaction: one commit for many events keeps intake
     * cheap while webhooks pour in. If any of them fails, nothing of the batch is kept and the
     * events are returned, to be processed one by one ({@link #process}), so one bad event cannot
     * hold up the others.
     */
    public List<Long> processBatch(@Body List<Long> eventIds) {
        if (eventIds.size() < 2) {
            return eventIds;
        }
        try {
            transaction.executeWithoutResult(status -> eventIds.forEach(this::handle));
            return List.of();
        } catch (RuntimeException e) {
            LOG.info("A batch of {} webhook events failed ({}); processing them one by one", eventIds.size(),
                    e.getClass().getSimpleName());
            return eventIds;
        }
    }

    /**
     * Processes one stored event in one transaction. Another instance working on the same event
     * holds its row lock: this one skips it. A failure rolls everything back and counts an
     * attempt; after {@code meldeweg.intake.max-attempts} the event is parked as FAILED.
     */
    public void process(@Body Long eventId) {
        try {
            transaction.executeWithoutResult(status -> handle(eventId));
        } catch (RuntimeException e) {
            String reason = "processing failed: " + e.getClass().getSimpleName();
            transaction.executeWithoutResult(status -> jdbc.update(
                    "UPDATE webhook_event SET attempts = attempts + 1, reason = ?, "
                            + "state = CASE WHEN attempts + 1 >= ? THEN 'FAILED' ELSE state END WHERE id = ?",
                    reason, intake.maxAttempts(), eventId));
            LOG.warn("Webhook event {} could not be processed ({}); it is retried up to {} times",
                    eventId, reason, intake.maxAttempts());
        }
    }

    private void handle(long eventId) {
        List<byte[]> bodies = jdbc.queryForList("SELECT body FROM webhook_event WHERE id = ? AND state = 'RECEIVED' "
                + "FOR UPDATE SKIP LOCKED", byte[].class, eventId);
        if (bodies.isEmpty()) {
            return;
        }
        Outcome outcome = understand(eventId, cipher.openBytes(bodies.get(0)));
        jdbc.update("UPDATE webhook_event SET state = ?, reason = ?, processed_at = ? WHERE id = ?",
                outcome.state(), outcome.reason(), Timestamp.from(clock.instant()), eventId);
        if (outcome.reason() != null) {
            LOG.info("Webhook event {} {}: {}", eventId, outcome.state().toLowerCase(), outcome.reason());
        }
        if (outcome.erased()) {
            erasure.dropEvent(eventId);
            LOG.info("Webhook event {} deleted after processing: it carried data of an erased citizen", eventId);
        }
    }

    /** {@code erased}: the raw event carries data of an erased citizen and goes once processed. */
    private record Outcome(String state, String reason, boolean erased) {
        Outcome(String state, String reason) {
            this(state, reason, false);
        }
    }

    /** Collects what happened to the parts of one event, without personal data. */
    private static final class Notes {
        final List<String> reasons = new ArrayList<>();
        int handled;
        boolean erased;

        void note(String reason) {
            if (!reasons.contains(reason)) {
                reasons.add(reason);
            }
        }

        Outcome outcome() {
            String reason = reasons.isEmpty() ? null : String.join("; ", reasons);
            if (reason != null && reason.length() > 1000) {
                reason = reason.substring(0, 997) + "...";
            }
            return new Outcome(handled > 0 || reason == null ? "PROCESSED" : "IGNORED", reason, erased);
        }
    }

    private Outcome understand(long eventId, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonParseException e) {
            return new Outcome("IGNORED", "malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        } catch (Exception e) {
            return new Outcome("IGNORED", "unreadable body: " + e.getClass().getSimpleName());
        }
        if (root == null || !root.isObject()) {
            return new Outcome("IGNORED", "body is not a JSON object");
        }
        String object = root.path("object").asText("");
        if (!"whatsapp_business_account".equals(object)) {
            return new Outcome("IGNORED", "object '" + clip(object) + "' is not handled");
        }
        JsonNode entries = root.path("entry");
        if (!entries.isArray() || entries.isEmpty()) {
            return new Outcome("IGNORED", "no entry[]");
        }
        Notes notes = new Notes();
        for (JsonNode entry : entries) {
            JsonNode changes = entry.path("changes");
            if (!changes.isArray()) {
                notes.note("entry without changes[]");
                continue;
            }
            for (JsonNode change : changes) {
                handleChange(eventId, change, notes);
            }
        }
        return notes.outcome();
    }

    private void handleChange(long eventId, JsonNode change, Notes notes) {
        String field = change.path("field").asText("");
        JsonNode value = change.path("value");
        if (!"messages".equals(field) && !"calls".equals(field)) {
            notes.note("field '" + clip(field) + "' is not handled");
            return;
        }
        if (!value.isObject()) {
            notes.note("change without value");
            return;
        }
        String phoneNumberId = value.path("metadata").path("phone_number_id").asText("");
        String ours = whatsApp.phoneNumberId();
        if (ours != null && !ours.isBlank() && !ours.equals(phoneNumberId)) {
            notes.note("phone_number_id " + clip(phoneNumberId) + " is not ours");
            return;
        }
        for (String list : List.of("messages", "statuses", "errors", "calls", "contacts")) {
            if (value.has(list) && !value.get(list).isArray()) {
                notes.note("'" + list + "' is not a list");
            }
        }
        Instant now = clock.instant();
        JsonNode contacts = value.path("contacts");
        for (JsonNode message : value.path("messages")) {
            handleMessage(eventId, message, contacts, now, notes);
        }
        for (JsonNode call : value.path("calls")) {
            handleCall(eventId, call, contacts, now, notes);
        }
        for (JsonNode status : value.path("statuses")) {
            handleStatus(eventId, status, notes);
        }
        for (JsonNode error : value.path("errors")) {
            recordError(eventId, "webhook", error);
            notes.handled++;
        }
        if (!value.has("messages") && !value.has("statuses") && !value.has("errors") && !value.has("calls")) {
            notes.note("change without messages, statuses or errors");
        }
    }

    private void handleMessage(long eventId, JsonNode message, JsonNode contacts, Instant now, Notes notes) {
        String wamid = message.path("id").asText("");
        String type = message.path("type").asText("");
        if (wamid.isEmpty()) {
            notes.note("message without id");
            return;
        }
        Sender sender = sender(message.path("from").asText(""), message.path("from_user_id").asText(""), contacts);
        if (!sender.identified()) {
            notes.note("message without sender");
            return;
        }
        String overLong = overLong(sender, message.path(type));
        if (overLong != null) {
            notes.note("message with an over-long " + overLong + " is not stored");
            return;
        }
        notes.handled++;
        String key = cipher.keyedHash("wamid", wamid);
        if (erasure.erasedMessage(key)) {
            // A redelivery of an erased citizen's message (or of the command): it must not bring them back.
            notes.note("redelivered message of an erased citizen");
            notes.erased = true;
            return;
        }
        long citizen = welcome(citizens.register(sender, now));
        citizens.linkEvent(eventId, citizen);
        if (alreadySeen(key)) {
            notes.note("redelivered message");
            return;
        }
        for (JsonNode error : message.path("errors")) {
            recordError(eventId, "message", error);
        }
        Instant sentAt = timestamp(message.path("timestamp"), now);
        if ("system".equals(type)) {
            // A notice from WhatsApp about the account (number or user id changed), not a message
            // the citizen wrote: remembered as seen, no hint.
            insertMessage(key, citizen, eventId, type, false, null, null, null, null, sentAt, now);
            notes.note("system message");
            return;
        }
        citizens.touchInbound(citizen, sentAt.isAfter(now) ? now : sentAt);
        if ("text".equals(type) && erasureCommand(eventId, citizen, key, message.path("text").path("body").asText(null),
                sentAt, now, notes)) {
            return;
        }
        if (asksForWaitingAnswer(type, message) && heldAnswers.waitingFor(citizen)) {
            // "Ok" or a tap on the template's button: it opened the window (touchInbound above) and
            // the held answer goes out now; it is no new report and needs no hint.
            insertMessage(key, citizen, eventId, clip(type), false, null, null, null, null, sentAt, now);
            notes.note("asks for the answer waiting for the citizen");
            LOG.info("Citizen {} asked for the answer waiting for them (event {})", citizen, eventId);
            return;
        }
        String text = null;
        if ("location".equals(type) && intake.acceptedTypes().contains(type)) {
            JsonNode location = message.path("location");
            Double latitude = location.path("latitude").isNumber() ? location.path("latitude").asDouble() : null;
            Double longitude = location.path("longitude").isNumber() ? location.path("longitude").asDouble() : null;
            insertMessage(key, citizen, eventId, type, true, describe(location, latitude, longitude), null, null, null, sentAt, now);
            jdbc.update("UPDATE inbound_message SET latitude = ?, longitude = ? WHERE message_key = ?", latitude, longitude, key);
            LOG.info("Message of type location from citizen {} stored (event {})", citizen, eventId);
        } else if (intake.acceptedTypes().contains(type)) {
            JsonNode content = message.path(type);
            text = "text".equals(type) ? content.path("body").asText(null) : content.path("caption").asText(null);
            String mediaId = content.path("id").asText(null);
            insertMessage(key, citizen, eventId, type, true, text,
                    mediaId, content.path("mime_type").asText(null),
                    content.path("sha256").asText(null), sentAt, now);
            if ("image".equals(type) && mediaId != null && !mediaId.isBlank()) {
                jdbc.update("INSERT INTO inbound_media (message_id, media_id, state, next_attempt_at) "
                        + "SELECT id, ?, 'PENDING', ? FROM inbound_message WHERE message_key = ?", mediaId, Timestamp.from(now), key);
            }
            LOG.info("Message of type {} from citizen {} stored (event {})", type, citizen, eventId);
        } else {
            insertMessage(key, citizen, eventId, clip(type.isEmpty() ? "unknown" : type), false, null, null, null, null, sentAt, now);
            notes.note("type '" + clip(type) + "' is not accepted");
            hintOncePerDay(citizen, now, type);
        }
        // The city's safety rules: flood count, and at once 110/112 for what looks like an emergency.
        safety.inspect(citizen, text, now);
    }

    /** A quick-reply button of a template, or a short acknowledgement such as "Ok". */
    private static boolean asksForWaitingAnswer(String type, JsonNode message) {
        return "button".equals(type) || "text".equals(type) && AnswerRequest.acknowledges(message.path("text").path("body").asText(null));
    }

    /**
     * "Löschen" erases the citizen; a short message that only looks like a wish to delete gets a
     * hint how to do it and is no report. True when the message was one of these.
     */
    private boolean erasureCommand(long eventId, long citizen, String key, String text, Instant sentAt, Instant now, Notes notes) {
        switch (ErasureCommand.judge(text)) {
            case COMMAND -> {
                erasure.erase(citizen, eventId, key);
                notes.note("erasure on request");
                notes.erased = true;
                return true;
            }
            case WISH -> {
                insertMessage(key, citizen, eventId, "text", false, null, null, null, null, sentAt, now);
                outbound.enqueue(citizen, Erasure.HINT_PURPOSE, texts.text(Erasure.HINT));
                notes.note("looks like a wish to delete: hint how to erase");
                LOG.info("Citizen {} seems to want their data deleted: hint queued", citizen);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** A shared location as the department reads it: name, address, coordinates and a map link. */
    static String describe(JsonNode location, Double latitude, Double longitude) {
        StringBuilder text = new StringBuilder("[Standort]");
        String name = location.path("name").asText("");
        String address = location.path("address").asText("");
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

    /** Call events: the citizen phoned the business number. We cannot take calls. */
    private void handleCall(long eventId, JsonNode call, JsonNode contacts, Instant now, Notes notes) {
        String callId = call.path("id").asText("");
        String direction = call.path("direction").asText("");
        Sender sender = sender(call.path("from").asText(""), call.path("from_user_id").asText(""), contacts);
        if (callId.isEmpty() || !sender.identified() || "BUSINESS_INITIATED".equals(direction)) {
            notes.note("call event without caller");
            return;
        }
        notes.handled++;
        String key = cipher.keyedHash("call", callId);
        long citizen = welcome(citizens.register(sender, now));
        citizens.linkEvent(eventId, citizen);
        if (alreadySeen(key)) {
            return;
        }
        Instant at = timestamp(call.path("timestamp"), now);
        insertMessage(key, citizen, eventId, "call", false, null, null, null, null, at, now);
        citizens.touchInbound(citizen, at.isAfter(now) ? now : at);
        notes.note("call events are not accepted");
        hintOncePerDay(citizen, now, "call");
    }

    private void handleStatus(long eventId, JsonNode status, Notes notes) {
        String wamid = status.path("id").asText("");
        String state = status.path("status").asText("");
        if (wamid.isEmpty() || state.isEmpty()) {
            notes.note("status without id or status");
            return;
        }
        notes.handled++;
        Integer code = null;
        String title = null;
        for (JsonNode error : status.path("errors")) {
            recordError(eventId, "status", error);
            if (code == null && error.path("code").isNumber()) {
                code = error.path("code").asInt();
                title = error.path("title").asText(null);
            }
        }
        Instant at = timestamp(status.path("timestamp"), clock.instant());
        String key = cipher.keyedHash("wamid", wamid);
        boolean ours = outbound.applyStatus(key, clip(state), at, code, title);
        Optional<Long> citizen = ours ? outbound.citizenOf(key) : Optional.empty();
        if (citizen.isPresent()) {
            // The status names the citizen's number: the event is theirs, for erasure and retention.
            citizens.linkEvent(eventId, citizen.get());
            return;
        }
        String recipient = status.path("recipient_id").asText("");
        if (!recipient.isEmpty() && erasure.erasedPhone(citizens.phoneHash(recipient))) {
            notes.note("status for a message to an erased citizen");
            notes.erased = true;
        } else if (!ours) {
            notes.note("status for a message we did not send");
        }
    }

    /** On a citizen's first contact: the short privacy notice and how "Löschen" works, once. */
    private long welcome(Citizens.Registration registration) {
        if (registration.firstContact()) {
            outbound.enqueue(registration.id(), PRIVACY_NOTICE, texts.text(CitizenTexts.PRIVACY_NOTICE));
        }
        return registration.id();
    }

    private void hintOncePerDay(long citizen, Instant now, String type) {
        LocalDate today = LocalDate.ofInstant(now, intake.timeZone());
        if (citizens.claimDailyHint(citizen, today)) {
            outbound.enqueue(citizen, HINT_UNSUPPORTED, texts.text(CitizenTexts.UNSUPPORTED_HINT));
            LOG.info("Citizen {} sent a {} message: hint queued", citizen, clip(type));
        }
    }

    private boolean alreadySeen(String key) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message WHERE message_key = ?", Integer.class, key);
        return n != null && n > 0;
    }

    private void insertMessage(String key, long citizen, long eventId, String type, boolean accepted, String text,
                               String mediaId, String mime, String sha256, Instant sentAt, Instant receivedAt) {
        jdbc.update("INSERT INTO inbound_message (message_key, citizen_id, event_id, type, accepted, text_enc, media_id, "
                        + "media_mime, media_sha256, sent_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                key, citizen, eventId, type, accepted, cipher.encrypt(text), mediaId, mime, sha256,
                Timestamp.from(sentAt), Timestamp.from(receivedAt));
    }

    private void recordError(long eventId, String source, JsonNode error) {
        Integer code = error.path("code").isNumber() ? error.path("code").asInt() : null;
        String title = printable(error.path("title").asText(error.path("message").asText("")), 500);
        String detail = error.path("error_data").path("details").asText(null);
        jdbc.update("INSERT INTO whatsapp_error (event_id, source, code, title, detail, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                eventId, source, code, title, detail == null ? null : printable(detail, 2000),
                Timestamp.from(clock.instant()));
        LOG.warn("WhatsApp reported error {} ({}) in a {} of event {}", code, title, source, eventId);
    }

    /** WhatsApp's own error texts: kept, but without control characters and bounded. */
    private static String printable(String s, int max) {
        String clean = s.replaceAll("\\p{Cntrl}", " ");
        return clean.length() <= max ? clean : clean.substring(0, max);
    }

    /**
     * The sender of a message: phone number from {@code from} (may be empty for citizens with a
     * username), business-scoped user id from {@code from_user_id}, and the matching entry of
     * {@code contacts[]} for the profile.
     */
    static Sender sender(String from, String fromUserId, JsonNode contacts) {
        JsonNode contact = null;
        for (JsonNode c : contacts) {
            boolean byPhone = !from.isEmpty() && from.equals(c.path("wa_id").asText(""));
            boolean byUser = !fromUserId.isEmpty() && fromUserId.equals(c.path("user_id").asText(""));
            if (byPhone || byUser) {
                contact = c;
                break;
            }
        }
        if (contact == null && contacts.size() == 1) {
            contact = contacts.get(0);
        }
        String phone = !from.isEmpty() ? from : contact == null ? "" : contact.path("wa_id").asText("");
        String userId = !fromUserId.isEmpty() ? fromUserId : contact == null ? "" : contact.path("user_id").asText("");
        String name = contact == null ? null : contact.path("profile").path("name").asText(null);
        String username = contact == null ? null : contact.path("profile").path("username").asText(null);
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
            if (bytes(content.path(field).asText(null)) > 16384) {
                return "text";
            }
        }
        for (String field : List.of("id", "mime_type", "sha256")) {
            if (content.path(field).asText("").length() > 128) {
                return field;
            }
        }
        return null;
    }

    private static int bytes(String s) {
        return s == null ? 0 : s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static Instant timestamp(JsonNode node, Instant fallback) {
        try {
            long seconds = node.isNumber() ? node.asLong() : Long.parseLong(node.asText(""));
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
