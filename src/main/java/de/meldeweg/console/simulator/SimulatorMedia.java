package de.meldeweg.console.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import de.meldeweg.EmbeddedMode;
import de.meldeweg.whatsapp.MediaStandIn;

/**
 * The photos the simulated citizen attached, until the service fetched them, and the stand-in for
 * the Graph API's media endpoints that serves them ({@link SimulatorGraph}, on this service's own
 * port, in the development mode only). The service's photo download ({@code MediaDownloads}, route
 * {@code whatsapp-media-download}) uses it only while WhatsApp is not configured, exactly as it uses
 * the Graph API: metadata with a URL, then the file, with a bearer token. The token is drawn anew on
 * every start and never written anywhere.
 *
 * <p>The photos are held in memory only: at most {@value #MAX_PHOTOS}, each for at most
 * {@link #KEPT}; "Ansicht leeren" and "Löschen" drop them at once, a restart loses them.
 */
@Component
@Profile(EmbeddedMode.PROFILE)
public class SimulatorMedia implements MediaStandIn {

    /** The stand-in's path on this service; {@link SimulatorAbsent} answers 404 for it outside the development mode. */
    public static final String PATH = "/console/simulator/graph";
    static final Duration KEPT = Duration.ofMinutes(15);
    static final int MAX_PHOTOS = 20;
    /** The Graph API takes photos up to 5 MB. */
    static final int MAX_BYTES = 5 * 1024 * 1024;

    /** One attached photo: the id the webhook names, its bytes and type, when it was attached. */
    record Photo(String id, byte[] content, String mime, Instant at) {
        String sha256() {
            try {
                return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Environment environment;
    private final Clock clock;
    private final String token;
    private final Map<String, Photo> photos = new LinkedHashMap<>();

    public SimulatorMedia(Environment environment, Clock clock) {
        this.environment = environment;
        this.clock = clock;
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    @Override
    public String apiBaseUrl() {
        return base() + "/v23.0";
    }

    /** Where the stand-in serves a photo's file, as the Graph API's metadata names a short-lived URL. */
    String fileUrl(String id) {
        return base() + "/files/" + id;
    }

    private String base() {
        return "http://localhost:" + environment.getProperty("local.server.port", "8080") + PATH;
    }

    @Override
    public String accessToken() {
        return token;
    }

    /** Whether an {@code Authorization} header carries this start's token. */
    boolean authorized(String authorization) {
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        return authorization != null && MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8));
    }

    /** The type of a photo by its first bytes, as WhatsApp sends photos: JPEG or PNG; anything else is null. */
    static String imageType(byte[] content) {
        if (content.length >= 3 && (content[0] & 0xFF) == 0xFF && (content[1] & 0xFF) == 0xD8 && (content[2] & 0xFF) == 0xFF) {
            return "image/jpeg";
        }
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        return content.length >= png.length && java.util.Arrays.equals(content, 0, png.length, png, 0, png.length) ? "image/png" : null;
    }

    /** Keeps a photo under a new Graph-style media id (digits only); null when it is no JPEG or PNG or too large. */
    synchronized Photo put(byte[] content) {
        String mime = imageType(content);
        if (mime == null || content.length > MAX_BYTES) {
            return null;
        }
        forgetOld();
        while (photos.size() >= MAX_PHOTOS) {
            photos.remove(photos.keySet().iterator().next());
        }
        String id;
        do {
            id = String.valueOf(1_000_000_000_000_000L + Math.floorMod(RANDOM.nextLong(), 8_000_000_000_000_000L));
        } while (photos.containsKey(id));
        Photo photo = new Photo(id, content.clone(), mime, clock.instant());
        photos.put(id, photo);
        return photo;
    }

    synchronized Optional<Photo> get(String id) {
        forgetOld();
        return Optional.ofNullable(photos.get(id));
    }

    synchronized void clear() {
        photos.clear();
    }

    synchronized int size() {
        forgetOld();
        return photos.size();
    }

    private void forgetOld() {
        Instant oldest = clock.instant().minus(KEPT);
        photos.values().removeIf(p -> p.at().isBefore(oldest));
    }
}
