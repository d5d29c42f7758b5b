package de.meldeweg.console.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import de.meldeweg.MeldewegProperties;
import de.meldeweg.whatsapp.WhatsAppProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import de.meldeweg.EmbeddedMode;
import de.meldeweg.citizen.Citizens;
import de.meldeweg.whatsapp.OutboundMessages;

/**
 * A citizen for demos and training, in the development mode only: writes to the service's own
 * webhook exactly as Meta does (payload shape of the WhatsApp Cloud API, signed with the app
 * secret) from one simulated number, and reads back what the service answered that number. The
 * number is fixed here and cannot be chosen: this class never reads messages of anyone else.
 */
@Component
@Profile(EmbeddedMode.PROFILE)
public class CitizenSimulator {

    /** The simulated citizen: +49 0… is no German number anyone can have. */
    public static final String PHONE = "4900000000001";
    public static final String NAME = "Simulierte Bürgerin";
    private final ObjectMapper json;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One chat bubble: from the citizen ({@code mine}) or from the city, with the case it belongs to, if known. */
    public record Bubble(Instant at, boolean mine, String text, String purpose, String status, String wamid) {
    }

    private final JdbcTemplate jdbc;
    private final Citizens citizens;
    private final OutboundMessages outbound;
    private final String outboxDir;
    private final Clock clock;
    private final String appSecret;
    private final String phoneNumberId;
    private final SimulatorMedia media;
    private final List<Bubble> sent = new CopyOnWriteArrayList<>();

    public CitizenSimulator(ObjectMapper json, JdbcTemplate jdbc, Citizens citizens, OutboundMessages outbound, Clock clock, SimulatorMedia media,
                            MeldewegProperties meldeweg, WhatsAppProperties whatsApp) {
        this.json = json;
        this.jdbc = jdbc;
        this.media = media;
        this.citizens = citizens;
        this.outbound = outbound;
        this.outboxDir = meldeweg.outboxDir();
        this.clock = clock;
        this.appSecret = whatsApp.appSecret();
        String phoneNumberId = whatsApp.phoneNumberId();
        this.phoneNumberId = phoneNumberId == null || phoneNumberId.isBlank() ? "106655443322110" : phoneNumberId;
    }

    /** Sends a text message; returns the webhook's HTTP status. */
    public int text(int port, String text) {
        String wamid = wamid();
        ObjectNode message = message(wamid, "text");
        message.putObject("text").put("body", text);
        sent.add(new Bubble(clock.instant(), true, text, "TEXT", null, wamid));
        return post(port, message);
    }

    /**
     * Sends a photo as WhatsApp does: an {@code image} message with caption, type, SHA-256 and the
     * media id under which the service fetches the file ({@link SimulatorMedia}). Returns the
     * webhook's HTTP status, or 0 when the file is no JPEG or PNG or larger than 5 MB.
     */
    public int photo(int port, byte[] content, String caption) {
        SimulatorMedia.Photo photo = media.put(content);
        if (photo == null) {
            return 0;
        }
        String wamid = wamid();
        ObjectNode message = message(wamid, "image");
        ObjectNode image = message.putObject("image");
        if (caption != null && !caption.isBlank()) {
            image.put("caption", caption.strip());
        }
        image.put("mime_type", photo.mime()).put("sha256", photo.sha256()).put("id", photo.id());
        sent.add(new Bubble(clock.instant(), true, caption == null || caption.isBlank() ? "📷" : "📷 " + caption.strip(), "IMAGE", null, wamid));
        return post(port, message);
    }

    /** A reaction (emoji) to one of the city's messages, by its WhatsApp id. */
    public int react(int port, String toWamid, String emoji) {
        ObjectNode message = message(wamid(), "reaction");
        message.putObject("reaction").put("message_id", toWamid).put("emoji", emoji);
        sent.add(new Bubble(clock.instant(), true, emoji, "REACTION", null, null));
        return post(port, message);
    }

    /** The conversation: what the simulated citizen sent here and what the service answered this number, oldest first. */
    public List<Bubble> conversation() {
        List<Bubble> all = new ArrayList<>(sent);
        List<Long> ids = jdbc.queryForList("SELECT id FROM citizen WHERE phone_hash = ?", Long.class, citizens.phoneHash(PHONE));
        for (Long id : ids) {
            // A message sent through the Graph API has WhatsApp's id; one put into the outbox folder (no access token, as in
            // the development mode) gets a stand-in id, so that the citizen can react to it as in the app.
            all.addAll(jdbc.query("SELECT created_at, body, purpose, COALESCE(delivery_status, state), message_key, id FROM outbound_message "
                            + "WHERE citizen_id = ? ORDER BY id",
                    (rs, n) -> new Bubble(rs.getTimestamp(1).toInstant(), false, outbound.open(rs.getString(2)), rs.getString(3), rs.getString(4),
                            rs.getString(5) != null ? rs.getString(5) : "wamid.SIMOUTBOX" + rs.getLong(6)), id));
        }
        // The confirmation of an erasure outlives the citizen row: it carries its own encrypted address.
        jdbc.query("SELECT created_at, body, purpose, COALESCE(delivery_status, state), message_key, to_phone_enc FROM outbound_message "
                + "WHERE citizen_id IS NULL AND to_phone_enc IS NOT NULL AND created_at >= ?", rs -> {
                    if (citizens.isAddressOf(rs.getString(6), PHONE)) {
                        all.add(new Bubble(rs.getTimestamp(1).toInstant(), false, outbound.open(rs.getString(2)), rs.getString(3), rs.getString(4),
                                rs.getString(5)));
                    }
                }, Timestamp.from(clock.instant().minus(Duration.ofDays(1))));
        // Without WhatsApp (the dev profile) a confirmation goes into the outbox folder and its row is
        // deleted at once, often before the page looks: the file is what the citizen "received".
        if (all.stream().noneMatch(b -> "ERASURE_CONFIRMATION".equals(b.purpose()))) {
            all.addAll(confirmationsInOutbox());
        }
        all.sort(Comparator.comparing(Bubble::at));
        return all;
    }

    private List<Bubble> confirmationsInOutbox() {
        List<Bubble> found = new ArrayList<>();
        java.nio.file.Path folder = java.nio.file.Path.of(outboxDir, "whatsapp");
        if (!java.nio.file.Files.isDirectory(folder)) {
            return found;
        }
        // Only what answers this page's own conversation: files from before its first message are not its.
        Instant since = sent.stream().map(Bubble::at).min(Comparator.naturalOrder()).map(t -> t.minusSeconds(1)).orElse(null);
        if (since == null) {
            return found;
        }
        try (var files = java.nio.file.Files.list(folder)) {
            for (java.nio.file.Path file : files.filter(f -> f.getFileName().toString().endsWith("-erasure_confirmation.json")).toList()) {
                Instant at = java.nio.file.Files.getLastModifiedTime(file).toInstant();
                var json = this.json.readTree(file.toFile());
                if (at.isAfter(since) && PHONE.equals(json.path("to").asString(""))) {
                    found.add(new Bubble(at, false, json.path("text").path("body").asString(""), "ERASURE_CONFIRMATION", "OUTBOX", null));
                }
            }
        } catch (java.io.IOException | tools.jackson.core.JacksonException e) {
            return found;
        }
        return found;
    }

    /** The references of the simulated citizen's cases, newest first, for the links to the case pages. */
    public List<String> references() {
        return jdbc.queryForList("SELECT c.reference FROM report_case c JOIN citizen z ON z.id = c.citizen_id WHERE z.phone_hash = ? "
                + "ORDER BY c.id DESC", String.class, citizens.phoneHash(PHONE));
    }

    /** Drops the attached photos the service has not fetched yet (the citizen sends "Löschen"). */
    public void forgetPhotos() {
        media.clear();
    }

    /** Forgets the conversation shown here (the service's data goes with "Löschen" only). */
    public void clear() {
        sent.clear();
        media.clear();
    }

    private ObjectNode message(String wamid, String type) {
        ObjectNode message = json.createObjectNode();
        message.put("from", PHONE).put("id", wamid).put("timestamp", String.valueOf(clock.instant().getEpochSecond())).put("type", type);
        return message;
    }

    /** The envelope Meta posts: object, entry[].changes[].value with metadata, contacts and messages. */
    private int post(int port, ObjectNode message) {
        ObjectNode root = json.createObjectNode().put("object", "whatsapp_business_account");
        ObjectNode entry = root.putArray("entry").addObject().put("id", "102233445566778");
        ObjectNode change = entry.putArray("changes").addObject();
        ObjectNode value = change.putObject("value").put("messaging_product", "whatsapp");
        value.putObject("metadata").put("display_phone_number", "4970511670000").put("phone_number_id", phoneNumberId);
        ArrayNode contacts = value.putArray("contacts");
        contacts.addObject().put("wa_id", PHONE).putObject("profile").put("name", NAME);
        value.putArray("messages").add(message);
        change.put("field", "messages");
        byte[] body = root.toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/whatsapp"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", "sha256=" + hmac(body)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return 503;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 503;
        }
    }

    private String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String wamid() {
        return "wamid.SIM" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
    }
}
