package de.meldeweg.replies.ticket;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Open311 GeoReport v2: {@code GET /requests/{id}.json} answers
 * {@code [{"service_request_id": .., "status": "open"|"closed", "status_notes": .., ...}]}.
 * A changed {@code status_notes} is the department's public answer; {@code status=closed} closes
 * the case. A request known only by its token is first resolved with {@code GET /tokens/{token}.json}.
 *
 * @see <a href="https://wiki.open311.org/GeoReport_v2/#get-service-request">GeoReport v2: GET Service Request</a>
 */
public final class Open311Follower implements TicketFollower {

    static final String TOKEN_PREFIX = "token:";

    private final String apiKey;

    public Open311Follower(String apiKey) {
        this.apiKey = apiKey;
    }

    @Override
    public String name() {
        return "open311";
    }

    @Override
    public TicketView look(String ticketId, TicketHttp http) {
        Map<String, String> headers = Map.of("Accept", "application/json");
        String key = apiKey == null || apiKey.isBlank() ? "" : "?api_key=" + URLEncoder.encode(apiKey, StandardCharsets.UTF_8);
        String id = ticketId;
        String resolved = null;
        if (ticketId.startsWith(TOKEN_PREFIX)) {
            String token = ticketId.substring(TOKEN_PREFIX.length());
            TicketIds.require(token);
            JsonNode tokens = Json.read(name(), "token", http.get("/tokens/" + token + ".json" + key, headers));
            resolved = Json.text(tokens.path(0).path("service_request_id"));
            if (resolved == null) {
                return new TicketView(List.of(), false, null);
            }
            id = resolved;
        }
        TicketIds.require(id);
        TicketView view = view(id, Json.read(name(), "request " + id, http.get("/requests/" + id + ".json" + key, headers)));
        return new TicketView(view.answers(), view.closed(), resolved);
    }

    static TicketView view(String id, JsonNode answer) {
        JsonNode request = answer.isArray() ? answer.path(0) : answer;
        if (!request.isObject()) {
            throw new TicketFollowException("open311: request " + id + " answered without a service request");
        }
        String status = Json.text(request.path("status"));
        boolean closed = status != null && status.toLowerCase(Locale.ROOT).equals("closed");
        String notes = Json.text(request.path("status_notes"));
        List<TicketAnswer> answers = notes == null ? List.of() : List.of(new TicketAnswer("open311:" + id + ":" + digest(notes), notes, false));
        return TicketView.of(answers, closed);
    }

    /** Open311 has no note ids: a note is known by its text. */
    static String digest(String notes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(notes.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
