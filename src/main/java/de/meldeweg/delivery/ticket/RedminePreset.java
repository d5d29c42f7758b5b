package de.meldeweg.delivery.ticket;

import java.util.Optional;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Redmine REST API. Photos first: {@code POST /uploads.json?filename=...} with the raw bytes as
 * {@code application/octet-stream}, answered {@code 201 {"upload":{"id":..,"token":".."}}}; then
 * {@code POST /issues.json} with {@code "uploads": [{"token", "filename", "content_type", "description"}]}.
 * Key in {@code X-Redmine-API-Key}. Answer {@code 201 {"issue":{"id":..}}}, errors
 * {@code 422 {"errors":[..]}}. {@code queue} is the project identifier (Redmine takes it as project_id).
 *
 * @see <a href="https://www.redmine.org/projects/redmine/wiki/Rest_api#Attaching-files">Redmine: Attaching files</a>
 * @see <a href="https://www.redmine.org/projects/redmine/wiki/Rest_Issues">Redmine: Issues (create, update with notes)</a>
 */
final class RedminePreset extends TemplatePreset {

    static final String UPLOADS_PATH = "/uploads.json";
    static final String PRIORITIES_PATH = "/enumerations/issue_priorities.json";

    RedminePreset(TicketTemplates templates, TicketProperties properties, ZoneId zone) {
        super(templates, properties, zone);
    }

    @Override
    public String name() {
        return "redmine";
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
    static Integer urgentPriorityId(String answer) {
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
        String id = URLEncoder.encode(ticketId, StandardCharsets.UTF_8);
        return Optional.of(TicketRequest.text("PUT", path().replaceFirst("\\.json$", "") + "/" + id + ".json", headers(
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
        ObjectNode request = JSON.createObjectNode();
        ObjectNode issue = request.putObject("issue");
        issue.put("notes", subject + "\n\n" + text);
        issue.put("private_notes", true);
        String id = URLEncoder.encode(ticketId, StandardCharsets.UTF_8);
        return Optional.of(TicketRequest.text("PUT", path().replaceFirst("\\.json$", "") + "/" + id + ".json", headers(
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

    /** Redmine's issue filter: subject contains the reference, any status (also closed ones). */
    @Override
    public Optional<TicketRequest> find(String reference) {
        String query = "set_filter=1&f%5B%5D=subject&op%5Bsubject%5D=~&v%5Bsubject%5D%5B%5D="
                + URLEncoder.encode(reference, StandardCharsets.UTF_8) + "&f%5B%5D=status_id&op%5Bstatus_id%5D=*&limit=10";
        return Optional.of(TicketRequest.text("GET", path() + "?" + query, headers(
                "X-Redmine-API-Key", properties.token(),
                "Accept", APPLICATION_JSON), ""));
    }

    /** Answer {@code {"issues": [{"id": .., "subject": ..}], "total_count": n}}. */
    @Override
    public Optional<String> found(String reference, int status, String responseBody) {
        if (!success(status)) {
            throw TicketResponseException.error(name(), status, excerpt(responseBody));
        }
        for (JsonNode issue : parse(responseBody).path("issues")) {
            if (issue.path("subject").asText("").contains(reference)) {
                return Optional.ofNullable(idText(issue.path("id")));
            }
        }
        return Optional.empty();
    }
}
