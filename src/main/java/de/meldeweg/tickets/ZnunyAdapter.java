package de.meldeweg.tickets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Znuny GenericInterface, operation {@code TicketCreate} over the REST transport (web service
 * {@code GenericTicketConnectorREST}: {@code POST .../Webservice/<name>/Ticket}). Authentication
 * is {@code UserLogin} + {@code Password} of an agent in the body: stateless, no session to keep
 * alive. These two are set by the code, not the template, so no secret lives in a template.
 * Answer: {@code {"TicketID": ..., "TicketNumber": ..., "ArticleID": ...}}; we keep {@code TicketID}
 * (what TicketGet/TicketUpdate take). Errors come as HTTP 200 with {@code {"Error": {...}}}.
 *
 * @see <a href="https://github.com/znuny/Znuny/blob/dev/Kernel/GenericInterface/Operation/Ticket/TicketCreate.pm">TicketCreate.pm</a>
 * <p>Following: operation {@code TicketGet} with {@code AllArticles=1}, sent as
 * {@code POST .../Ticket/:TicketID} with the credentials in the JSON body: Znuny's REST transport
 * reads no body from a GET, and credentials never go into a URL (where proxies and web server
 * logs keep them). The web service's TicketGet route must therefore allow POST (see
 * docs/ticket-systems.md). Relayed are articles with {@code IsVisibleForCustomer=1} and
 * {@code SenderType=agent} (our report is a customer article) whose author is not one of
 * {@code meldeweg.ticket.ignored-authors}; closed is {@code StateType=closed}.
 *
 * @see <a href="https://github.com/znuny/Znuny/blob/dev/Kernel/GenericInterface/Operation/Ticket/TicketUpdate.pm">TicketUpdate.pm</a>
 * @see <a href="https://github.com/znuny/Znuny/blob/dev/Kernel/GenericInterface/Operation/Ticket/TicketGet.pm">TicketGet.pm</a>
 */
final class ZnunyAdapter extends TemplateAdapter {

    ZnunyAdapter(TicketTemplates templates, TicketProperties properties, ZoneId zone) {
        super(templates, properties, zone);
    }

    @Override
    public TicketSystem system() {
        return TicketSystem.ZNUNY;
    }

    @Override
    CitizenMarkup markup(String template) {
        return htmlWhenDeclared(template);
    }

    @Override
    String templateName() {
        return "znuny.json";
    }

    @Override
    String defaultPath() {
        return "/znuny/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST/Ticket";
    }

    @Override
    String defaultPriority() {
        return "3 normal";
    }

    @Override
    String defaultUrgentPriority() {
        return "5 very high";
    }

    @Override
    public List<TicketRequest> uploads(TicketReport report) {
        return List.of();
    }

    @Override
    String photoTemplateName() {
        return "znuny-photos.json";
    }

    /** Znuny's {@code Attachment} list: {@code Filename}, base64 {@code Content}, {@code ContentType}. */
    private static List<Map<String, Object>> attachments(TicketReport report) {
        return base64Attachments(report, "Filename", "Content", "ContentType");
    }

    /**
     * Operation {@code TicketUpdate} ({@code PATCH .../Ticket/:TicketID}) from {@code znuny-photos.json}:
     * an Article with the photos as {@code Attachment}s and no other change. The article is the
     * customer's, visible like the report's first article (the answer relay takes agent articles
     * only). Credentials in the body like for create.
     */
    @Override
    public Optional<TicketRequest> photos(String ticketId, TicketReport photos, List<String> uploadResponses) {
        ObjectNode rendered = templates.json(photoTemplateName(), photoValues(ticketId, photos, attachments(photos)));
        ObjectNode request = mapper.createObjectNode();
        request.put("UserLogin", properties.user());
        request.put("Password", properties.token());
        rendered.remove(List.of("UserLogin", "Password", "SessionID", "CustomerUserLogin", "TicketID", "TicketNumber"));
        request.setAll(rendered);
        String body = json(request);
        requirePhotoReference(photos, body);
        String id = URLEncoder.encode(ticketId, StandardCharsets.UTF_8);
        return Optional.of(TicketRequest.text("PATCH", path() + "/" + id, headers(
                "Content-Type", APPLICATION_JSON,
                "Accept", APPLICATION_JSON), body));
    }

    @Override
    public TicketRequest create(TicketReport report, List<String> uploadResponses) {
        ObjectNode rendered = templates.json(templateName(), values(report, attachments(report)));
        ObjectNode request = mapper.createObjectNode();
        request.put("UserLogin", properties.user());
        request.put("Password", properties.token());
        rendered.remove(List.of("UserLogin", "Password", "SessionID", "CustomerUserLogin"));
        request.setAll(rendered);
        if (!report.ticketFields().isEmpty() && request.path("Ticket").isObject()) {
            putTicketFields(report, (ObjectNode) request.path("Ticket"));
        }
        String body = json(request);
        requireReference(report, body);
        return TicketRequest.text("POST", path(), headers(
                "Content-Type", APPLICATION_JSON,
                "Accept", APPLICATION_JSON), body);
    }

    /**
     * Operation {@code TicketUpdate} with an Article and no other change: {@code PATCH .../Ticket/:TicketID}
     * (the route of {@code GenericTicketConnectorREST}), an internal agent note that the customer
     * does not see. Credentials in the body like for create.
     */
    @Override
    public Optional<TicketRequest> note(String ticketId, String subject, String text) {
        ObjectNode request = mapper.createObjectNode();
        request.put("UserLogin", properties.user());
        request.put("Password", properties.token());
        ObjectNode article = request.putObject("Article");
        article.put("CommunicationChannel", "Internal");
        article.put("SenderType", "agent");
        article.put("IsVisibleForCustomer", 0);
        article.put("Subject", subject);
        article.put("Body", text);
        article.put("ContentType", "text/plain; charset=utf8");
        String id = URLEncoder.encode(ticketId, StandardCharsets.UTF_8);
        return Optional.of(TicketRequest.text("PATCH", path() + "/" + id, headers(
                "Content-Type", APPLICATION_JSON,
                "Accept", APPLICATION_JSON), json(request)));
    }

    /** Znuny answers errors with HTTP 200 and an {@code Error} object; success carries the TicketID. */
    @Override
    public void noteAccepted(int status, String responseBody) {
        JsonNode error = parse(responseBody).path("Error");
        if (!error.isMissingNode()) {
            String code = idText(error.path("ErrorCode"));
            String message = idText(error.path("ErrorMessage"));
            throw TicketResponseException.error(name(), status, (code == null ? "Error" : code) + (message == null ? "" : ": " + message));
        }
        super.noteAccepted(status, responseBody);
    }

    @Override
    public String ticketId(int status, String responseBody) {
        JsonNode answer = parse(responseBody);
        JsonNode error = answer.path("Error");
        if (!error.isMissingNode()) {
            String code = idText(error.path("ErrorCode"));
            String message = idText(error.path("ErrorMessage"));
            throw TicketResponseException.error(name(), status,
                    (code == null ? "Error" : code) + (message == null ? "" : ": " + message));
        }
        if (!success(status)) {
            throw TicketResponseException.error(name(), status, excerpt(responseBody));
        }
        String id = idText(answer.path("TicketID"));
        if (id == null) {
            throw TicketResponseException.withoutId(name(), status, "answer without TicketID: " + excerpt(responseBody));
        }
        return id;
    }

    @Override
    public TicketView look(String ticketId, TicketHttp http) {
        TicketIds.require(ticketId);
        ObjectNode request = mapper.createObjectNode();
        request.put("UserLogin", properties.user());
        request.put("Password", properties.token());
        request.put("AllArticles", 1);
        request.put("DynamicFields", 0);
        TicketHttp.Response answer = http.call(TicketRequest.text("POST", path() + "/" + ticketId, headers(
                "Content-Type", APPLICATION_JSON,
                "Accept", APPLICATION_JSON), json(request)));
        return view(ticketId, Json.read(mapper, name(), "TicketGet " + ticketId, answer), properties.ignoredAuthors());
    }

    static TicketView view(String ticketId, JsonNode answer, List<String> ignoredAuthors) {
        JsonNode error = answer.path("Error");
        if (!error.isMissingNode()) {
            throw new TicketFollowException("znuny: TicketGet " + ticketId + " answered " + Json.text(error.path("ErrorCode")));
        }
        JsonNode ticket = answer.path("Ticket").path(0);
        if (!ticket.isObject()) {
            throw new TicketFollowException("znuny: TicketGet " + ticketId + " answered without Ticket");
        }
        String stateType = Json.text(ticket.path("StateType"));
        boolean closed = stateType != null && stateType.toLowerCase(Locale.ROOT).equals("closed");
        List<TicketAnswer> answers = new ArrayList<>();
        for (JsonNode article : ticket.path("Article")) {
            String id = Json.text(article.path("ArticleID"));
            String body = Json.text(article.path("Body"));
            if (id == null || body == null || !Json.truthy(article.path("IsVisibleForCustomer"))
                    || !"agent".equalsIgnoreCase(Json.text(article.path("SenderType")))
                    || Json.anyIn(ignoredAuthors, article.path("CreateBy"), article.path("From"))) {
                continue;
            }
            String contentType = Json.text(article.path("ContentType"));
            answers.add(new TicketAnswer("znuny:" + ticketId + ":" + id, body,
                    contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/html")));
        }
        return TicketView.of(answers, closed);
    }
}
