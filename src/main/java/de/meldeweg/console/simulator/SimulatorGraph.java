package de.meldeweg.console.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import de.meldeweg.EmbeddedMode;

/**
 * The development mode's stand-in for the Graph API's two media calls, for the photos the citizen
 * simulator attached ({@link SimulatorMedia}): {@code GET …/v23.0/{media-id}} answers the metadata
 * as the Graph API does (with the URL of the file), {@code GET …/files/{media-id}} the file. Both
 * want the stand-in's bearer token (401 otherwise, as the Graph API answers a wrong token) and need
 * no console sign-in: the service itself calls them. Outside the development mode neither exists
 * ({@link SimulatorAbsent} answers 404).
 */
@RestController
@Profile(EmbeddedMode.PROFILE)
@RequestMapping(SimulatorMedia.PATH)
public class SimulatorGraph {

    private static final Map<String, Object> INVALID_TOKEN = Map.of("error",
            Map.of("message", "Invalid OAuth access token - Cannot parse access token", "type", "OAuthException", "code", 190));
    private final SimulatorMedia media;

    public SimulatorGraph(SimulatorMedia media) {
        this.media = media;
    }

    @GetMapping(value = "/v23.0/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> metadata(@PathVariable String id, @RequestHeader(value = "Authorization", required = false) String token) {
        if (!media.authorized(token)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(INVALID_TOKEN);
        }
        return media.get(id).map(photo -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("messaging_product", "whatsapp");
            answer.put("url", media.fileUrl(photo.id()));
            answer.put("mime_type", photo.mime());
            answer.put("sha256", photo.sha256());
            answer.put("file_size", photo.content().length);
            answer.put("id", photo.id());
            return ResponseEntity.ok(answer);
        }).orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error",
                Map.of("message", "Unsupported get request. Object with ID does not exist", "type", "GraphMethodException", "code", 100))));
    }

    @GetMapping("/files/{id}")
    public ResponseEntity<byte[]> file(@PathVariable String id, @RequestHeader(value = "Authorization", required = false) String token) {
        if (!media.authorized(token)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        return media.get(id).map(photo -> ResponseEntity.ok().contentType(MediaType.parseMediaType(photo.mime())).body(photo.content()))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).build());
    }
}
