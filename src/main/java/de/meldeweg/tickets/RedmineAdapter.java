package de.meldeweg.tickets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Redmine REST API. Photos first: {@code POST /uploads.json?filename=...} with the raw bytes as
 * {@code application/octet-stream}, answered {@code 201 {"upload":{"id":..,"token":".."}}}; then
 * {@code POST /issues.json} with {@code "uploads": [{"token", "filename", "content_type", "description"}]}.
 * Key in {@code X-Redmine-API-Key}. Answer {@code 201 {"issue":{"id":..}}}, errors
 * {@code 422 {"errors":[..]}}. {@code queue} is the project identifier (Redmine takes it as project_id).
 *
 * @see <a href="https://www.redmine.org/projects/redmine/wiki/Rest_api#Attaching-files">Redmine: Attaching files</a>
 * <p>Citizen text goes into the description and notes escaped ({@link CitizenMarkup#REDMINE}), so
 * Textile, Markdown or CommonMark render it as plain text. With {@code meldeweg.ticket.reference-field-id}
 * the issue carries the reference in that custom field, and after a crash an issue is adopted only
 * when that field holds exactly the reference ({@code GET /issues.json?cf_<id>=<reference>&status_id=*}).
 *
 * <p>Following: {@code GET /issues/{id}.json?include=journals}. Relayed are journals with
 * {@code notes} that are not {@code private_notes}, not written by our own API user
 * ({@code GET /users/current.json}), not by the anonymous user (the mail handler's account for
 * unknown senders) and not by one of {@code meldeweg.ticket.ignored-authors}. Closed is a status
 * with {@code "is_closed": true} (Redmine 5.0 and later), or one of the configured closed status
 * names where a status has no {@code is_closed}.
 *
 * @see <a href="https://www.redmine.org/projects/redmine/wiki/Rest_Issues">Redmine: Issues (create, update with notes)</a>
 */
final class RedmineAdapter extends TemplateAdapter {

    static final String UPLOADS_PATH = "/uploads.json";
    static final String PRIORITIES_PATH = "/enumerations/issue_priorities.json";
    /** How Redmine names its anonymous user (English, German), under which the mail handler files unknown senders. */
    static final Set<String> ANONYMOUS = Set.of("anonymous", "anonym");

    private final Set<String> closedNames;
    private volatile Long ownUserId;

    RedmineAdapter(TicketTemplates templates, TicketProperties properties, ZoneId zone) {
        this(templates, properties, zone, List.of());
    }

    RedmineAdapter(TicketTemplates templates, TicketProperties properties, ZoneId zone, List<String> closedNames) {
        super(templates, properties, zone);
        this.closedNames = closedNames.stream().map(n -> n.strip().toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public TicketSystem system() {
        return TicketSystem.REDMINE;
    }

    @Override
    CitizenMarkup markup(String template) {
        return CitizenMarkup.REDMINE;
    }

    private Map<String, String> auth() {
        return headers("X-Redmine-API-Key", properties.token(), "Accept", APPLICATION_JSON);
    }

    /** {@code /issues/<id>.json}, following the create path. */
    private String issuePath(String ticketId) {
        return path().replaceFirst("\\.json$", "") + "/" + URLEncoder.encode(ticketId, StandardCharsets.UTF_8) + ".json";
    }

    @Override
    String templateName() {
        return "redmine.json";
    }

    @Override
    String defaultPath() {
        return "/issues.json";
    }

    /**
     * Redmine priorities are ids of the city's installation: no default for ordinary reports (the
     * project's default applies). Urgent reports without {@code urgent-priority} look the ids up
     * first ({@link #PRIORITIES_PATH}, see {@link #urgentPriorityId}).
     */
    @Override
    String defaultPriority() {
        return null;
    }

    @Override
    String defaultUrgentPriority() {
        return null;
    }

    /** priority_id as a JSON number when it is one. */
    @Override
    Object priority(TicketReport report) {
        Object priority = super.priority(report);
        if (priority instanceof String s && s.matches("\\d{1,9}")) {
            return Integer.valueOf(s);
        }
        return priority;
    }

    /** An urgent report needs the installation's priority ids unless meldeweg.ticket.urgent-priority names one. */
    private boolean looksUpPriority(TicketReport report) {
        return report.urgent() && properties.urgentPriority().isEmpty();
    }

    /**
     * The priority of an urgent report from the answer of {@code GET /enumerations/issue_priorities.json}
     * (active priorities, lowest first): two steps above the default one, at most the highest. With
     * Redmine's default set (Low, Normal, High, Urgent, Immediate; German: Niedrig, Normal, Hoch,
     * Dringend, Sofort) that is Urgent. Null when the answer does not say.
     */
    Integer urgentPriorityId(String answer) {
        List<JsonNode> active = new ArrayList<>();
        for (JsonNode priority : parse(answer).path("issue_priorities")) {
            if (priority.path("id").canConvertToInt() && priority.path("active").asBoolean(true)) {
                active.add(priority);
            }
        }
        if (active.isEmpty()) {
            return null;
        }
        int normal = -1;
        for (int i = 0; i < active.size(); i++) {
            if (active.get(i).path("is_default").asBoolean(false)) {
                normal = i;
            }
        }
        int urgent = normal < 0 ? active.size() - 1 : Math.min(normal + 2, active.size() - 1);
        return active.get(urgent).path("id").asInt();
    }

    @Override
    public List<TicketRequest> uploads(TicketReport report) {
        List<TicketRequest> uploads = new ArrayList<>();
        if (looksUpPriority(report)) {
            uploads.add(new TicketRequest("GET", PRIORITIES_PATH, headers(
                    "X-Redmine-API-Key", properties.token(),
                    "Accept", APPLICATION_JSON), new byte[0]));
        }
        uploads.addAll(photoUploads(report));
        return uploads;
    }

    /** One {@code POST /uploads.json?filename=...} per photo, the raw bytes as {@code application/octet-stream}. */
    @Override
    public List<TicketRequest> photoUploads(TicketReport report) {
        List<TicketRequest> uploads = new ArrayList<>();
        for (TicketPhoto photo : report.photos()) {
            String filename = URLEncoder.encode(photo.fileName(), StandardCharsets.UTF_8).replace("+", "%20");
            uploads.add(new TicketRequest("POST", UPLOADS_PATH + "?filename=" + filename, headers(
                    "X-Redmine-API-Key", properties.token(),
                    "Content-Type", "application/octet-stream",
                    "Accept", APPLICATION_JSON), photo.content()));
        }
        return uploads;
    }

    @Override
    String photoTemplateName() {
        return "redmine-photos.json";
    }

    /**
     * {@code PUT /issues/{id}.json} from {@code redmine-photos.json}: {@code notes} and the
     * {@code uploads} tokens of {@link #photoUploads}, a journal entry with the photos attached.
     * Not private, like the report's description. Redmine answers {@code 204 No Content}.
     */
    @Override
    public Optional<TicketRequest> photos(String ticketId, TicketReport photos, List<String> uploadResponses) {
        String body = json(templates.json(photoTemplateName(), photoValues(ticketId, photos, uploadList(photos, uploadResponses))));
        requirePhotoReference(photos, body);
        return Optional.of(TicketRequest.text("PUT", issuePath(ticketId), headers(
                "X-Redmine-API-Key", properties.token(),
                "Content-Type", APPLICATION_JSON,
                "Accept", APPLICATION_JSON), body));
    }

    /** Redmine's {@code uploads}: token, filename, content_type and description (the caption) per photo. */
    private List<Map<String, Object>> uploadList(TicketReport report, List<String> uploadResponses) {
        List<TicketPhoto> photos = report.photos();
        if (uploadResponses.size() != photos.size()) {
            throw new IllegalArgumentException("Redmine: " + photos.size() + " photos but " + uploadResponses.size()
                    + " upload answers for " + report.reference());
        }
        List<Map<String, Object>> uploads = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            TicketPhoto photo = photos.get(i);
            Map<String, Object> upload = new LinkedHashMap<>();
            upload.put("token", uploadToken(uploadResponses.get(i), photo));
            upload.put("filename", photo.fileName());
            upload.put("content_type", photo.mimeType());
            upload.put("description", photo.caption() == null || photo.caption().isBlank() ? null : photo.caption().strip());
            uploads.add(upload);
        }
        return uploads;
    }

    @Override
    public TicketRequest create(TicketReport report, List<String> uploadResponses) {
        Integer urgentPriority = null;
        if (looksUpPriority(report) && !uploadResponses.isEmpty()) {
            urgentPriority = urgentPriorityId(uploadResponses.get(0));
            uploadResponses = uploadResponses.subList(1, uploadResponses.size());
        }
        Map<String, Object> values = values(report, uploadList(report, uploadResponses));
        if (urgentPriority != null) {
            values.put("priority", urgentPriority);
        }
        ObjectNode issue = templates.json(templateName(), values);
        if (issue.path("issue").isObject()) {
            ObjectNode fields = (ObjectNode) issue.path("issue");
            putTicketFields(report, fields);
            if (properties.referenceFieldId() != null) {
                ArrayNode custom = fields.path("custom_fields").isArray() ? (ArrayNode) fields.path("custom_fields") : fields.putArray("custom_fields");
                for (int i = custom.size() - 1; i >= 0; i--) {
                    if (custom.get(i).path("id").asInt(-1) == properties.referenceFieldId()) {
                        custom.remove(i);
                    }
                }
                custom.addObject().put("id", properties.referenceFieldId()).put("value", report.reference());
            }
        }
        String body = json(issue);
        requireReference(report, body);
        return TicketRequest.text("POST", path(), headers(
                "X-Redmine-API-Key", properties.token(),
                "Content-Type", APPLICATION_JSON,
                "Accept", APPLICATION_JSON), body);
    }

    private String uploadToken(String uploadResponse, TicketPhoto photo) {
        String token = idText(parse(uploadResponse).path("upload").path("token"));
        if (token == null) {
            throw TicketResponseException.error(name(), 0, "upload of " + photo.fileName() + " answered without a token: "
                    + excerpt(uploadResponse));
        }
        return token;
    }

    /**
     * {@code PUT /issues/{id}.json} with {@code {"issue": {"notes": ..., "private_notes": true}}}:
     * a journal entry on the issue; Redmine answers {@code 204 No Content} (older versions 200).
     * The path follows the create path ({@code /issues.json}).
     */
    @Override
    public Optional<TicketRequest> note(String ticketId, String subject, String text) {
        ObjectNode request = mapper.createObjectNode();
        ObjectNode issue = request.putObject("issue");
        issue.put("notes", subject + "\n\n" + text);
        issue.put("private_notes", true);
        return Optional.of(TicketRequest.text("PUT", issuePath(ticketId), headers(
                "X-Redmine-API-Key", properties.token(),
                "Content-Type", APPLICATION_JSON,
                "Accept", APPLICATION_JSON), json(request)));
    }

    @Override
    public String ticketId(int status, String responseBody) {
        JsonNode answer = parse(responseBody);
        if (!success(status) || answer.has("errors")) {
            JsonNode errors = answer.path("errors");
            String message = errors.isArray() && !errors.isEmpty()
                    ? StreamSupport.stream(errors.spliterator(), false).map(JsonNode::asText).collect(Collectors.joining("; "))
                    : excerpt(responseBody);
            throw TicketResponseException.error(name(), status, message);
        }
        String id = idText(answer.path("issue").path("id"));
        if (id == null) {
            throw TicketResponseException.withoutId(name(), status, "answer without issue.id: " + excerpt(responseBody));
        }
        return id;
    }

    @Override
    public boolean canAdopt() {
        return properties.referenceFieldId() != null;
    }

    /** The issue whose reference custom field holds exactly the reference (any status); never one that merely mentions it. */
    @Override
    public Optional<String> adopt(TicketReport report, TicketHttp http) {
        if (!canAdopt()) {
            return Optional.empty();
        }
        int field = properties.referenceFieldId();
        TicketHttp.Response answer = http.call(TicketRequest.text("GET", path() + "?cf_" + field + "="
                + URLEncoder.encode(report.reference(), StandardCharsets.UTF_8) + "&status_id=*&limit=10", auth(), ""));
        if (!answer.ok()) {
            throw TicketResponseException.error(name(), answer.status(), excerpt(answer.body()));
        }
        for (JsonNode issue : parse(answer.body()).path("issues")) {
            for (JsonNode custom : issue.path("custom_fields")) {
                if (custom.path("id").asInt(-1) == field && report.reference().equals(custom.path("value").asString(null))) {
                    return Optional.ofNullable(idText(issue.path("id")));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Redmine answers 204 to a note whether or not it kept it private: a key whose role lacks "Set
     * notes as private" gets a public note. The issue's journals show which: our own note (its
     * notes start with {@code subject}) with {@code private_notes: false} is public. A private note
     * may be hidden from a role without "View private notes"; then it is not public either.
     */
    @Override
    public Optional<String> noteNotPrivate(String ticketId, String subject, TicketHttp http) {
        JsonNode issue = Json.read(mapper, name(), "issue " + ticketId, http.call(TicketRequest.text("GET",
                issuePath(ticketId) + "?include=journals", auth(), ""))).path("issue");
        Long own = ownUser(http);
        for (JsonNode journal : issue.path("journals")) {
            String notes = Json.text(journal.path("notes"));
            if (notes != null && notes.startsWith(subject) && journal.path("user").path("id").asLong(-1) == own
                    && !Json.truthy(journal.path("private_notes"))) {
                return Optional.of("Redmine keeps the erasure note on issue " + ticketId + " as a PUBLIC note (journal "
                        + Json.text(journal.path("id")) + "): the role of the Meldeweg API user lacks the permission"
                        + " \"Set notes as private\" in this project. Grant it, then make the note private by hand.");
            }
        }
        return Optional.empty();
    }

    private long ownUser(TicketHttp http) {
        if (ownUserId == null) {
            JsonNode me = Json.read(mapper, name(), "users/current", http.call(TicketRequest.text("GET", "/users/current.json", auth(), "")));
            if (!me.path("user").path("id").canConvertToLong()) {
                throw new TicketFollowException("redmine: users/current answered without user.id");
            }
            ownUserId = me.path("user").path("id").asLong();
        }
        return ownUserId;
    }

    @Override
    public TicketView look(String ticketId, TicketHttp http) {
        TicketIds.require(ticketId);
        long own = ownUser(http);
        JsonNode issue = Json.read(mapper, name(), "issue " + ticketId,
                http.call(TicketRequest.text("GET", issuePath(ticketId) + "?include=journals", auth(), "")));
        return view(ticketId, issue, own, closedNames, properties.ignoredAuthors());
    }

    static TicketView view(String ticketId, JsonNode answer, long ownUserId, Set<String> closedNames, List<String> ignoredAuthors) {
        JsonNode issue = answer.path("issue");
        if (!issue.isObject()) {
            throw new TicketFollowException("redmine: issue " + ticketId + " answered without issue");
        }
        JsonNode status = issue.path("status");
        String statusName = Json.text(status.path("name"));
        boolean closed = status.has("is_closed") ? Json.truthy(status.path("is_closed"))
                : statusName != null && closedNames.contains(statusName.toLowerCase(Locale.ROOT));
        List<TicketAnswer> answers = new ArrayList<>();
        for (JsonNode journal : issue.path("journals")) {
            String id = Json.text(journal.path("id"));
            String notes = Json.text(journal.path("notes"));
            JsonNode user = journal.path("user");
            String userName = Json.text(user.path("name"));
            if (id == null || notes == null || Json.truthy(journal.path("private_notes"))
                    || user.path("id").asLong(-1) == ownUserId
                    || !user.path("id").canConvertToLong()
                    || (userName != null && ANONYMOUS.contains(userName.toLowerCase(Locale.ROOT)))
                    || Json.anyIn(ignoredAuthors, user.path("id"), user.path("name"))) {
                continue;
            }
            answers.add(new TicketAnswer("redmine:" + ticketId + ":" + id, notes, false));
        }
        return TicketView.of(answers, closed);
    }
}
