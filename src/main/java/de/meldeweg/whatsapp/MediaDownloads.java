package de.meldeweg.whatsapp;

import de.meldeweg.Backoff;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import de.meldeweg.cases.CasePhotos;
import de.meldeweg.http.HttpCalls;
import de.meldeweg.privacy.PhotoMetadata;

/**
 * Fetches the photos of accepted image messages from the Graph API: the media metadata
 * ({@code GET {api-base-url}/{media-id}}), then the file from its URL with the bearer token. The URL
 * expires after minutes: on 401/404 a fresh URL is fetched once. A photo is kept only if its
 * SHA-256 matches what the webhook announced, its bytes are a JPEG or PNG, and it has at most 5 MB;
 * it is stored without its metadata (GPS position, camera, names: {@link PhotoMetadata}).
 * The access token goes only to the Graph API host and the media hosts
 * ({@code meldeweg.whatsapp.media-hosts}); media ids are checked before they become part of a URL.
 * Without WhatsApp configured, photos come from a {@link MediaStandIn} if there is one (the
 * development mode's citizen simulator), the same way.
 */
@Component("mediaDownloads")
public class MediaDownloads {

    public static final int MAX_BYTES = 5 * 1024 * 1024;
    private static final int MAX_ATTEMPTS = 5;
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(MediaDownloads.class);
    private final ObjectMapper json;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final HttpCalls http;
    private final WhatsAppProperties whatsApp;
    private final CasePhotos casePhotos;
    private final Clock clock;

    /** Graph API media ids are numbers; anything else never becomes part of a URL. */
    private static final java.util.regex.Pattern MEDIA_ID = java.util.regex.Pattern.compile("[0-9A-Za-z_-]{1,128}");

    private final Set<String> mediaHosts;
    private final ObjectProvider<MediaStandIn> standIn;

    public MediaDownloads(ObjectMapper json, JdbcTemplate jdbc, TransactionTemplate transaction, HttpCalls http, WhatsAppProperties whatsApp,
                          CasePhotos casePhotos, Clock clock,
                          ObjectProvider<MediaStandIn> standIn) {
        this.json = json;
        this.standIn = standIn;
        this.mediaHosts = whatsApp.mediaHosts().stream().map(String::trim).filter(h -> !h.isEmpty()).map(h -> h.toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.http = http;
        this.whatsApp = whatsApp;
        this.casePhotos = casePhotos;
        this.clock = clock;
    }

    /** A photo that can never be taken (wrong checksum, type or size): no retry. */
    static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason);
        }
    }

    @Transactional
    public List<Long> claimDue() {
        Instant now = clock.instant();
        List<Long> due = jdbc.queryForList("SELECT message_id FROM inbound_media WHERE (state = 'PENDING' OR state = 'FETCHING') "
                + "AND next_attempt_at <= ? ORDER BY message_id FETCH FIRST 10 ROWS ONLY FOR UPDATE SKIP LOCKED", Long.class, Timestamp.from(now));
        for (Long id : due) {
            jdbc.update("UPDATE inbound_media SET state = 'FETCHING', attempts = attempts + 1, next_attempt_at = ? WHERE message_id = ?",
                    Timestamp.from(now.plus(LEASE)), id);
        }
        return due;
    }

    public void fetch(@Body Long messageId) {
        Map<String, Object> row = jdbc.queryForMap("SELECT x.media_id, x.attempts, m.media_sha256 FROM inbound_media x "
                + "JOIN inbound_message m ON m.id = x.message_id WHERE x.message_id = ?", messageId);
        int attempts = ((Number) row.get("attempts")).intValue();
        Graph graph = graph();
        if (graph == null) {
            fail(messageId, "WhatsApp is not configured: photos cannot be fetched", true);
            return;
        }
        try {
            Download photo = download(graph, (String) row.get("media_id"), (String) row.get("media_sha256"));
            // The photo and, when its case went out already, the follow-up that takes it on: one transaction.
            boolean stored = Boolean.TRUE.equals(transaction.execute(status -> {
                if (jdbc.update("UPDATE inbound_media SET state = 'FETCHED', content = ?, mime = ?, fetched_at = ?, last_error = NULL "
                        + "WHERE message_id = ?", photo.content(), photo.mime(), Timestamp.from(clock.instant()), messageId) == 0) {
                    return false; // erased meanwhile
                }
                casePhotos.fetched(messageId);
                return true;
            }));
            LOG.info("Photo of message {} {} ({} bytes)", messageId, stored ? "fetched" : "fetched, but erased meanwhile", photo.content().length);
        } catch (Rejected e) {
            fail(messageId, e.getMessage(), true);
        } catch (Exception e) {
            fail(messageId, e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()), attempts >= MAX_ATTEMPTS);
            if (attempts < MAX_ATTEMPTS) {
                jdbc.update("UPDATE inbound_media SET next_attempt_at = ? WHERE message_id = ?",
                        Timestamp.from(clock.instant().plus(new Backoff(FIRST_RETRY, Duration.ofHours(1)).after(attempts))), messageId);
            }
        }
    }

    private void fail(long messageId, String reason, boolean last) {
        String bounded = reason.length() > 500 ? reason.substring(0, 500) : reason;
        jdbc.update("UPDATE inbound_media SET state = ?, last_error = ? WHERE message_id = ?", last ? "FAILED" : "PENDING", bounded, messageId);
        LOG.warn("Photo of message {} not fetched{}: {}", messageId, last ? " (giving up)" : ", retrying later", bounded);
    }

    record Download(byte[] content, String mime) {
    }

    /** The Graph API's base URL and the token for it: WhatsApp's, or the stand-in's when WhatsApp is not configured. */
    record Graph(String apiBaseUrl, String accessToken) {
    }

    Graph graph() {
        if (whatsApp.sendingConfigured()) {
            return new Graph(whatsApp.apiBaseUrl(), whatsApp.accessToken());
        }
        MediaStandIn stand = standIn.getIfAvailable();
        return stand == null ? null : new Graph(stand.apiBaseUrl(), stand.accessToken());
    }

    Download download(Graph graph, String mediaId, String expectedSha256) throws Exception {
        if (mediaId == null || !MEDIA_ID.matcher(mediaId).matches()) {
            throw new Rejected("media id is not a Graph API media id");
        }
        for (int round = 0; round < 2; round++) {
            Exchange meta = get(graph, graph.apiBaseUrl() + "/" + mediaId);
            int metaStatus = status(meta);
            if (metaStatus != 200) {
                throw new IllegalStateException("media metadata answered HTTP " + metaStatus);
            }
            JsonNode info = json.readTree(meta.getMessage().getBody(String.class));
            String url = info.path("url").asString("");
            if (url.isEmpty()) {
                throw new IllegalStateException("media metadata without url");
            }
            long announced = info.path("file_size").asLong(0);
            if (announced > MAX_BYTES) {
                throw new Rejected("photo has " + announced + " bytes, more than " + MAX_BYTES);
            }
            if (!tokenMayGoTo(graph, url)) {
                throw new Rejected("media URL points to a host that is neither the Graph API nor in meldeweg.whatsapp.media-hosts");
            }
            Exchange file = get(graph, url);
            int fileStatus = status(file);
            if ((fileStatus == 401 || fileStatus == 404) && round == 0) {
                continue; // the URL expired: ask for a fresh one, once
            }
            if (fileStatus != 200) {
                throw new IllegalStateException("media download answered HTTP " + fileStatus);
            }
            byte[] content = file.getMessage().getBody(byte[].class);
            Download checked = check(content == null ? new byte[0] : content, expectedSha256);
            try {
                return new Download(PhotoMetadata.strip(checked.content(), checked.mime()), checked.mime());
            } catch (PhotoMetadata.Unreadable e) {
                throw new Rejected("photo could not be cleaned of its metadata: " + e.getMessage());
            }
        }
        throw new IllegalStateException("media URL expired twice");
    }

    static Download check(byte[] content, String expectedSha256) throws Exception {
        if (content.length > MAX_BYTES) {
            throw new Rejected("photo has " + content.length + " bytes, more than " + MAX_BYTES);
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
        if (expectedSha256 != null && !expectedSha256.isBlank()
                && !expectedSha256.equals(Base64.getEncoder().encodeToString(digest))
                && !expectedSha256.equalsIgnoreCase(HexFormat.of().formatHex(digest))) {
            throw new Rejected("photo does not match the SHA-256 WhatsApp announced");
        }
        if (content.length >= 3 && (content[0] & 0xFF) == 0xFF && (content[1] & 0xFF) == 0xD8 && (content[2] & 0xFF) == 0xFF) {
            return new Download(content, "image/jpeg");
        }
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        if (content.length >= png.length && java.util.Arrays.equals(content, 0, png.length, png, 0, png.length)) {
            return new Download(content, "image/png");
        }
        throw new Rejected("photo is neither JPEG nor PNG");
    }

    /** The bearer token is sent only to the Graph API's own host or a configured media host, over HTTPS unless it is the Graph API's own scheme. */
    boolean tokenMayGoTo(Graph api, String url) {
        URI target;
        URI graph;
        try {
            target = new URI(url);
            graph = new URI(api.apiBaseUrl());
        } catch (URISyntaxException e) {
            return false;
        }
        if (target.getHost() == null || target.getRawUserInfo() != null) {
            return false;
        }
        String host = target.getHost().toLowerCase(Locale.ROOT);
        boolean graphHost = host.equalsIgnoreCase(graph.getHost()) && target.getPort() == graph.getPort()
                && Objects.equals(target.getScheme(), graph.getScheme());
        return graphHost || ("https".equals(target.getScheme()) && mediaHosts.contains(host));
    }

    private Exchange get(Graph graph, String url) {
        return http.via("direct:whatsapp-media-download", url, "GET", Map.of("Authorization", "Bearer " + graph.accessToken()), null);
    }

    private static int status(Exchange answer) {
        return HttpCalls.status(answer);
    }
}
