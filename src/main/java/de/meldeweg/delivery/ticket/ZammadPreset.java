package de.meldeweg.delivery.ticket;

import java.util.Optional;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.net.URLEncoder;
import java.time.ZoneId;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Zammad REST API: {@code POST /api/v1/tickets} with the first article and its attachments inline
 * (base64), token authentication ({@code Authorization: Token token=...}).
 * Answer: {@code 201} with the ticket; we keep its {@code id} (what {@code /api/v1/tickets/{id}}
 * takes), not its {@code number} (what agents see). Errors: {@code {"error": ..., "error_human": ...}}.
 *
 * @see <a href="https://docs.zammad.org/en/latest/api/ticket/index.html">Zammad: Tickets</a>
 * @see <a href="https://docs.zammad.org/en/latest/api/ticket/articles.html">Zammad: Articles (attachments, notes)</a>
 */
final class ZammadPreset extends TemplatePreset {

    ZammadPreset(TicketTemplates templates, TicketProperties properties, ZoneId zone) {
        super(templates, properties, zone);
    }

    @Override
    public String name() {
        return "zammad";
    }

    @Override
    String templateName() {
        return "zammad.json";
    }

    @Override
    String defaultPath() {
        return "/api/v1/tickets";
    }

    @Override
    String defaultPriority() {
        return "2 normal";
    }

    @Override
    String defaultUrgentPriority() {
        return "3 high";
    }

    @Override
    public List<TicketRequest> uploads(TicketReport report) {
        return List.of();
    }

    @Override
    String photoTemplateName() {
        return "zammad-photos.json";
    }

    /** Zammad's article attachments: {@code filename}, base64 {@code data}, {@code mime-type}. */
    private static List<Map<String, Object>> attachments(TicketReport report) {
        return report.photos().stream().map(photo -> {
            Map<String, Object> attachment = new LinkedHashMap<>();
            attachment.put("filename", photo.fileName());
            attachment.put("data", Base64.getEncoder().encodeToString(photo.content()));
            attachment.put("mime-type", photo.mimeType());
            return attachment;
        }).toList();
    }

    @Override
    public TicketRequest create(TicketReport report, List<String> uploadResponses) {
        ObjectNode ticket = templates.json(templateName(), values(report, attachments(report)));
        String body = json(ticket);
        requireReference(report, body);
        return TicketRequest.text("POST", path(), headers(
                "Authorization", "Token token=" + properties.token(),
                "Content-Type", APPLICATION_JSON,
                "Accept", APPLICATION_JSON), body);
    }

    /**
     * {@code POST /api/v1/ticket_articles}: an article of type {@code note}, {@code internal} so
     * that it is never mailed to the ticket's (pseudonymous) customer. The path follows the create
     * path, so a Zammad under a prefix works the same.
     */
    @Override
    public Optional<TicketRequest> note(String ticketId, String subject, String text) {
        ObjectNode article = JSON.createObjectNode();
        article.set("ticket_id", idValue(ticketId));
        article.put("subject", subject);
        article.put("body", text);
        article.put("content_type", "text/plain");
        article.put("type", "note");
        article.put("internal", true);
        return Optional.of(TicketRequest.text("POST", path().replaceFirst("/tickets$", "") + "/ticket_articles", headers(
                "Authorization", "Token token=" + properties.token(),
                "Content-Type", APPLICATION_JSON,
                "Accept", APPLICATION_JSON), json(article)));
    }

    /**
     * {@code POST /api/v1/ticket_articles} from {@code zammad-photos.json}: an article with the photos
     * as base64 attachments. Not internal, like the report's own article: the photos are part of the
     * report. Our integration user writes it, so the answer relay never takes it for an answer.
     */
    @Override
    public Optional<TicketRequest> photos(String ticketId, TicketReport photos, List<String> uploadResponses) {
        String body = json(templates.json(photoTemplateName(), photoValues(ticketId, photos, attachments(photos))));
        requirePhotoReference(photos, body);
        return Optional.of(TicketRequest.text("POST", path().replaceFirst("/tickets$", "") + "/ticket_articles", headers(
                "Authorization", "Token token=" + properties.token(),
                "Content-Type", APPLICATION_JSON,
                "Accept", APPLICATION_JSON), body));
    }

    @Override
    public void noteAccepted(int status, String responseBody) {
        JsonNode answer = parse(responseBody);
        if (!success(status) || answer.has("error")) {
            String error = idText(answer.path("error_human"));
            throw TicketResponseException.error(name(), status, error != null ? error : excerpt(responseBody));
        }
    }

    @Override
    public String ticketId(int status, String responseBody) {
        JsonNode answer = parse(responseBody);
        if (!success(status) || answer.has("error")) {
            String error = idText(answer.path("error_human"));
            if (error == null) {
                error = idText(answer.path("error"));
            }
            throw TicketResponseException.error(name(), status, error != null ? error : excerpt(responseBody));
        }
        String id = idText(answer.path("id"));
        if (id == null) {
            throw TicketResponseException.withoutId(name(), status, "answer without ticket id: " + excerpt(responseBody));
        }
        return id;
    }

    /** Zammad's ticket search ({@code GET /api/v1/tickets/search}), the reference as a phrase. */
    @Override
    public Optional<TicketRequest> find(String reference) {
        String query = URLEncoder.encode("\"" + reference + "\"", StandardCharsets.UTF_8);
        return Optional.of(TicketRequest.text("GET", path() + "/search?query=" + query + "&limit=10&expand=true", headers(
                "Authorization", "Token token=" + properties.token(),
                "Accept", APPLICATION_JSON), ""));
    }

    /**
     * With {@code expand=true} Zammad answers a list of tickets; older versions answer
     * {@code {"tickets": [ids], "assets": {"Ticket": {id: {...}}}}}. Both are read.
     */
    @Override
    public Optional<String> found(String reference, int status, String responseBody) {
        if (!success(status)) {
            throw TicketResponseException.error(name(), status, excerpt(responseBody));
        }
        JsonNode answer = parse(responseBody);
        List<JsonNode> tickets = new ArrayList<>();
        if (answer.isArray()) {
            answer.forEach(tickets::add);
        } else {
            answer.path("assets").path("Ticket").forEach(tickets::add);
        }
        return tickets.stream().filter(t -> t.path("title").asText("").contains(reference))
                .map(t -> idText(t.path("id"))).filter(java.util.Objects::nonNull).findFirst();
    }
}
