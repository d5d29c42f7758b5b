package de.meldeweg.tickets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Zammad REST API: {@code POST /api/v1/tickets} with the first article and its attachments inline
 * (base64), token authentication ({@code Authorization: Token token=...}).
 * Answer: {@code 201} with the ticket; we keep its {@code id} (what {@code /api/v1/tickets/{id}}
 * takes), not its {@code number} (what agents see). Errors: {@code {"error": ..., "error_human": ...}}.
 *
 * @see <a href="https://docs.zammad.org/en/latest/api/ticket/index.html">Zammad: Tickets</a>
 * <p>Following: {@code GET <path>/{id}?expand=true} for the state ({@code "state": "closed"}),
 * {@code GET <api>/ticket_articles/by_ticket/{id}?expand=true} for the articles, where {@code <api>}
 * is the create path without {@code /tickets} (so {@code meldeweg.ticket.path} counts here too).
 * Relayed are articles with {@code "internal": false} whose sender is {@code Agent}, which our own
 * integration user ({@code GET <api>/users/me}) did not write, and whose author is not one of
 * {@code meldeweg.ticket.ignored-authors}.
 *
 * <p>Adoption after a crash: the create carries the tag {@code meldeweg-<secret of the delivery>};
 * a ticket found by the reference search is adopted only when {@code GET <api>/tags?object=Ticket&o_id=<id>}
 * lists exactly that tag.
 *
 * @see <a href="https://docs.zammad.org/en/latest/api/ticket/articles.html">Zammad: Articles (attachments, notes)</a>
 * @see <a href="https://docs.zammad.org/en/latest/api/ticket/tags.html">Zammad: Tags</a>
 */
final class ZammadAdapter extends TemplateAdapter {

    static final Set<String> CLOSED = Set.of("closed", "merged");

    private volatile Long ownUserId;

    ZammadAdapter(TicketTemplates templates, TicketProperties properties, ZoneId zone) {
        super(templates, properties, zone);
    }

    @Override
    public TicketSystem system() {
        return TicketSystem.ZAMMAD;
    }

    @Override
    CitizenMarkup markup(String template) {
        return htmlWhenDeclared(template);
    }

    /** {@code /api/v1} for the default create path {@code /api/v1/tickets}. */
    private String api() {
        return path().replaceFirst("/tickets$", "");
    }

    private Map<String, String> auth() {
        return headers("Authorization", "Token token=" + properties.token(), "Accept", APPLICATION_JSON);
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
        return base64Attachments(report, "filename", "data", "mime-type");
    }

    @Override
    public TicketRequest create(TicketReport report, List<String> uploadResponses) {
        ObjectNode ticket = templates.json(templateName(), values(report, attachments(report)));
        putTicketFields(report, ticket);
        if (report.adoptionKey() != null) {
            String tags = ticket.path("tags").asString("");
            ticket.put("tags", (tags.isBlank() ? "" : tags + ",") + adoptionTag(report.adoptionKey()));
        }
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
        ObjectNode article = mapper.createObjectNode();
        article.set("ticket_id", idValue(ticketId));
        article.put("subject", subject);
        article.put("body", text);
        article.put("content_type", "text/plain");
        article.put("type", "note");
        article.put("internal", true);
        return Optional.of(TicketRequest.text("POST", api() + "/ticket_articles", headers(
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
        return Optional.of(TicketRequest.text("POST", api() + "/ticket_articles", headers(
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

    @Override
    public boolean canAdopt() {
        return true;
    }

    /**
     * Zammad's ticket search ({@code GET <path>/search}, the reference as a phrase) names the
     * candidates; a candidate is adopted only when its tags hold this delivery's secret tag.
     */
    @Override
    public Optional<String> adopt(TicketReport report, TicketHttp http) {
        if (report.adoptionKey() == null) {
            return Optional.empty();
        }
        String query = URLEncoder.encode("\"" + report.reference() + "\"", StandardCharsets.UTF_8);
        TicketHttp.Response found = http.call(TicketRequest.text("GET", path() + "/search?query=" + query + "&limit=10&expand=true",
                auth(), ""));
        if (!found.ok()) {
            throw TicketResponseException.error(name(), found.status(), excerpt(found.body()));
        }
        JsonNode answer = parse(found.body());
        List<JsonNode> tickets = new ArrayList<>();
        if (answer.isArray()) {
            answer.forEach(tickets::add);
        } else {
            answer.path("assets").path("Ticket").forEach(tickets::add);
        }
        String tag = adoptionTag(report.adoptionKey());
        for (JsonNode ticket : tickets) {
            String id = idText(ticket.path("id"));
            if (id == null || !id.matches("\\d{1,18}")) {
                continue;
            }
            TicketHttp.Response tags = http.call(TicketRequest.text("GET", api() + "/tags?object=Ticket&o_id=" + id, auth(), ""));
            if (!tags.ok()) {
                throw TicketResponseException.error(name(), tags.status(), excerpt(tags.body()));
            }
            for (JsonNode t : parse(tags.body()).path("tags")) {
                if (tag.equals(t.asString(""))) {
                    return Optional.of(id);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public TicketView look(String ticketId, TicketHttp http) {
        TicketIds.require(ticketId);
        if (ownUserId == null) {
            JsonNode me = Json.read(mapper, name(), "users/me", http.call(TicketRequest.text("GET", api() + "/users/me", auth(), "")));
            if (!me.path("id").canConvertToLong()) {
                throw new TicketFollowException("zammad: users/me answered without id");
            }
            ownUserId = me.path("id").asLong();
        }
        JsonNode ticket = Json.read(mapper, name(), "ticket " + ticketId,
                http.call(TicketRequest.text("GET", path() + "/" + ticketId + "?expand=true", auth(), "")));
        JsonNode articles = Json.read(mapper, name(), "articles of ticket " + ticketId,
                http.call(TicketRequest.text("GET", api() + "/ticket_articles/by_ticket/" + ticketId + "?expand=true", auth(), "")));
        return view(ticketId, ticket, articles, ownUserId, properties.ignoredAuthors());
    }

    static TicketView view(String ticketId, JsonNode ticket, JsonNode articles, long ownUserId, List<String> ignoredAuthors) {
        String state = Json.text(ticket.path("state"));
        boolean closed = state != null && CLOSED.contains(state.toLowerCase(Locale.ROOT));
        List<TicketAnswer> answers = new ArrayList<>();
        if (!articles.isArray()) {
            throw new TicketFollowException("zammad: articles of ticket " + ticketId + " are not a list");
        }
        for (JsonNode article : articles) {
            String id = Json.text(article.path("id"));
            String body = Json.text(article.path("body"));
            if (id == null || body == null || Json.truthy(article.path("internal"))
                    || !"Agent".equalsIgnoreCase(Json.text(article.path("sender")))
                    || article.path("created_by_id").asLong(-1) == ownUserId
                    || Json.anyIn(ignoredAuthors, article.path("created_by_id"), article.path("created_by"), article.path("from"))) {
                continue;
            }
            String contentType = Json.text(article.path("content_type"));
            answers.add(new TicketAnswer("zammad:" + ticketId + ":" + id, body,
                    contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/html")));
        }
        return TicketView.of(answers, closed);
    }
}
