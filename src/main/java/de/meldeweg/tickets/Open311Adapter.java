package de.meldeweg.tickets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

/**
 * Open311 GeoReport v2, POST Service Request: {@code POST /requests.json}, form-encoded, with
 * {@code api_key} (set by the code, not the template), {@code service_code}, a location
 * ({@code lat}+{@code long} or {@code address_string}) and {@code description} (at most 4,000
 * characters, no HTML). Never sent: the personal fields {@code email}, {@code first_name},
 * {@code last_name}, {@code phone}, {@code device_id}, {@code account_id}. Photos cannot travel:
 * GeoReport v2 only knows {@code media_url}, and Meldeweg has no public URL for a citizen's photo.
 * GeoReport has no priority; urgent reports get {@code meldeweg.ticket.urgent-prefix} in front of
 * the description. Answer: {@code [{"service_request_id": ...}]}, or {@code [{"token": ...}]} from
 * servers that create requests later; then {@link #ticketId} returns {@code token:<token>}, to be
 * resolved with {@code GET /tokens/<token>.json}. Errors: {@code [{"code":..,"description":..}]}.
 *
 * <p>Following: {@code GET /requests/{id}.json} answers
 * {@code [{"service_request_id": .., "status": "open"|"closed", "status_notes": .., ...}]}. A changed
 * {@code status_notes} is the department's public answer (written by the city's back office);
 * {@code status=closed} closes the case. A request known only by its token is first resolved with
 * {@code GET /tokens/{token}.json}. These reads carry no api_key: GeoReport v2 asks for it only
 * when a request is posted, and then it travels as a form field in the body, never in a URL.
 *
 * @see <a href="https://wiki.open311.org/GeoReport_v2/#post-service-request">GeoReport v2: POST Service Request</a>
 * @see <a href="https://wiki.open311.org/GeoReport_v2/#get-service-request">GeoReport v2: GET Service Request</a>
 */
final class Open311Adapter extends TemplateAdapter {

    /** Prefix of {@link #ticketId} when the server answered with a token instead of an id. */
    static final String TOKEN_PREFIX = "token:";

    static final Set<String> PERSONAL_FIELDS = Set.of("email", "first_name", "last_name", "phone", "device_id", "account_id");
    static final int DESCRIPTION_LIMIT = 4000;

    Open311Adapter(TicketTemplates templates, TicketProperties properties, ZoneId zone) {
        super(templates, properties, zone);
    }

    @Override
    public TicketSystem system() {
        return TicketSystem.OPEN311;
    }

    @Override
    String templateName() {
        return "open311.form";
    }

    @Override
    String defaultPath() {
        return "/requests.json";
    }

    @Override
    String defaultPriority() {
        return null;
    }

    @Override
    String defaultUrgentPriority() {
        return null;
    }

    @Override
    public List<TicketRequest> uploads(TicketReport report) {
        return List.of();
    }

    @Override
    public TicketRequest create(TicketReport report, List<String> uploadResponses) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        fields.add(Map.entry("api_key", properties.token()));
        for (Map.Entry<String, String> field : templates.form(templateName(), values(report, null))) {
            String name = field.getKey();
            if (PERSONAL_FIELDS.contains(name) || name.equals("api_key")) {
                throw new IllegalStateException("Ticket template " + templates.file(templateName()) + ": field '" + name
                        + "' is never sent (" + (name.equals("api_key") ? "the key comes from meldeweg.ticket.token" : "personal data") + ")");
            }
            fields.add(name.equals("description") ? Map.entry(name, limit(field.getValue())) : field);
        }
        report.ticketFields().forEach((name, value) -> {
            if (!PERSONAL_FIELDS.contains(name) && !name.equals("api_key") && fields.stream().noneMatch(f -> f.getKey().equals(name))) {
                fields.add(Map.entry(name, TicketTemplates.text(value)));
            }
        });
        requireLocation(fields);
        String body = fields.stream()
                .map(f -> encode(f.getKey()) + "=" + encode(f.getValue()))
                .collect(Collectors.joining("&"));
        requireReference(report, body);
        return TicketRequest.text("POST", path(), headers(
                "Content-Type", "application/x-www-form-urlencoded; charset=utf-8",
                "Accept", APPLICATION_JSON), body);
    }

    private void requireLocation(List<Map.Entry<String, String>> fields) {
        Set<String> names = fields.stream().map(Map.Entry::getKey).collect(Collectors.toSet());
        if (!(names.contains("lat") && names.contains("long")) && !names.contains("address_string") && !names.contains("address_id")) {
            throw new IllegalStateException("Ticket template " + templates.file(templateName())
                    + ": GeoReport v2 needs lat and long, address_string or address_id; give address_string a fallback,"
                    + " e.g. address_string={{address|Calw}}");
        }
    }

    /** GeoReport v2: "free form text limited to 4,000 characters". */
    static String limit(String description) {
        if (description.codePointCount(0, description.length()) <= DESCRIPTION_LIMIT) {
            return description;
        }
        return description.substring(0, description.offsetByCodePoints(0, DESCRIPTION_LIMIT - 1)) + "…";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * GeoReport v2 has no call to update or comment on a service request (only POST Service
     * Request, GET Service Requests and GET request_id from a token): no note can be added.
     */
    @Override
    public Optional<TicketRequest> note(String ticketId, String subject, String text) {
        return Optional.empty();
    }

    /** GeoReport v2 cannot change a request once it exists, so photos fetched late cannot follow. */
    @Override
    public boolean takesPhotosLater() {
        return false;
    }

    @Override
    public String ticketId(int status, String responseBody) {
        JsonNode answer = parse(responseBody);
        JsonNode first = answer.isArray() ? answer.path(0) : answer;
        if (!success(status)) {
            throw TicketResponseException.error(name(), status, errors(answer, responseBody));
        }
        String id = idText(first.path("service_request_id"));
        if (id != null) {
            return id;
        }
        String token = idText(first.path("token"));
        if (token != null) {
            return TOKEN_PREFIX + token;
        }
        if (first.has("description") && first.has("code")) {
            throw TicketResponseException.error(name(), status, errors(answer, responseBody));
        }
        throw TicketResponseException.withoutId(name(), status,
                "answer without service_request_id or token (a 'blackbox' service?): " + excerpt(responseBody));
    }

    private static String errors(JsonNode answer, String responseBody) {
        List<String> errors = new ArrayList<>();
        for (JsonNode error : answer.isArray() ? answer : List.of(answer)) {
            String description = idText(error.path("description"));
            if (description != null) {
                String code = idText(error.path("code"));
                errors.add(code == null ? description : code + " " + description);
            }
        }
        return errors.isEmpty() ? excerpt(responseBody) : String.join("; ", errors);
    }

    @Override
    public TicketView look(String ticketId, TicketHttp http) {
        Map<String, String> headers = headers("Accept", APPLICATION_JSON);
        String id = ticketId;
        String resolved = null;
        if (ticketId.startsWith(TOKEN_PREFIX)) {
            String token = ticketId.substring(TOKEN_PREFIX.length());
            TicketIds.require(token);
            JsonNode tokens = Json.read(mapper, name(), "token", http.call(TicketRequest.text("GET", "/tokens/" + token + ".json", headers, "")));
            resolved = Json.text(tokens.path(0).path("service_request_id"));
            if (resolved == null) {
                return new TicketView(List.of(), false, null);
            }
            id = resolved;
        }
        TicketIds.require(id);
        TicketView view = view(id, Json.read(mapper, name(), "request " + id,
                http.call(TicketRequest.text("GET", "/requests/" + id + ".json", headers, ""))));
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
