package de.meldeweg.tickets;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/** What all presets share: the placeholder values of a report, settings, answer parsing. */
abstract class TemplateAdapter implements TicketAdapter {

    /** The system this adapter speaks with. */
    @Override
    public abstract TicketSystem system();

    static final String APPLICATION_JSON = "application/json";

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");

    final TicketTemplates templates;
    final TicketProperties properties;
    /** The service's one JSON mapper, through the templates. */
    final ObjectMapper mapper;
    private final ZoneId zone;

    TemplateAdapter(TicketTemplates templates, TicketProperties properties, ZoneId zone) {
        this.templates = templates;
        this.properties = properties;
        this.mapper = templates.mapper();
        this.zone = zone;
    }

    /** The template file in {@code tickets/}. */
    abstract String templateName();

    /** How citizen text must be escaped in what {@code template} makes (plain text unless the system renders it). */
    CitizenMarkup markup(String template) {
        return CitizenMarkup.PLAIN;
    }

    /** HTML when the template declares an HTML article (Zammad, Znuny), otherwise plain text. */
    final CitizenMarkup htmlWhenDeclared(String template) {
        return templates.read(template).toLowerCase(java.util.Locale.ROOT).contains("text/html") ? CitizenMarkup.HTML : CitizenMarkup.PLAIN;
    }

    /** The template of the request that adds late photos to a ticket; null when the system cannot take them. */
    String photoTemplateName() {
        return null;
    }

    /** The create request's path unless {@code meldeweg.ticket.path} says otherwise. */
    abstract String defaultPath();

    /** Priority of ordinary reports when {@code meldeweg.ticket.priority} is empty (null: none). */
    abstract String defaultPriority();

    /** Priority of urgent reports when {@code meldeweg.ticket.urgent-priority} is empty (null: none). */
    abstract String defaultUrgentPriority();

    final String path() {
        return TicketProperties.or(properties.path(), defaultPath());
    }

    Object priority(TicketReport report) {
        return report.urgent()
                ? TicketProperties.or(properties.urgentPriority(), defaultUrgentPriority())
                : TicketProperties.or(properties.priority(), defaultPriority());
    }

    /** The placeholders every template may use; {@code attachments} is the system's list, or null without photos. */
    final Map<String, Object> values(TicketReport report, Object attachments) {
        return values(report, attachments, markup(templateName()));
    }

    /** The placeholders, citizen text escaped for {@code markup}. */
    final Map<String, Object> values(TicketReport report, Object attachments, CitizenMarkup markup) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("reference", report.reference());
        values.put("categoryCode", report.categoryCode());
        values.put("categoryName", report.categoryName());
        values.put("departmentName", report.departmentName());
        values.put("queue", report.queue());
        values.put("serviceCode", report.serviceCode());
        values.put("text", markup.escape(report.text()));
        values.put("urgent", report.urgent());
        values.put("urgentPrefix", report.urgent() ? properties.urgentPrefix() : "");
        values.put("priority", priority(report));
        values.put("latitude", report.hasCoordinates() ? report.latitude() : null);
        values.put("longitude", report.hasCoordinates() ? report.longitude() : null);
        values.put("address", markup.escape(blankToNull(report.address())));
        values.put("location", location(report, markup));
        values.put("mapUrl", mapUrl(report));
        values.put("receivedAt", report.receivedAt().toString());
        values.put("receivedAtText", LOCAL_TIME.format(report.receivedAt().atZone(zone)));
        values.put("photoCount", report.photos().size());
        values.put("photoList", photoList(report.photos(), markup));
        values.put("customer", properties.customer());
        values.put("attachments", report.photos().isEmpty() ? null : attachments);
        return values;
    }

    /** The placeholders of a photo template: those of a report, and {@code ticketId} (a number when it is one). */
    final Map<String, Object> photoValues(String ticketId, TicketReport photos, Object attachments) {
        Map<String, Object> values = values(photos, attachments, markup(photoTemplateName()));
        values.put("ticketId", ticketId.matches("\\d{1,18}") ? (Object) Long.valueOf(ticketId) : ticketId);
        return values;
    }

    /** The reference must be in every photo request too, so the department can tell what the photos belong to. */
    final void requirePhotoReference(TicketReport report, String body) {
        if (!body.contains(report.reference())) {
            throw new IllegalStateException("Ticket template " + templates.file(photoTemplateName())
                    + " must contain {{reference}}: the reference is how a department finds the case");
        }
    }

    /**
     * Sets the category's ticket fields into {@code target} (the system's ticket object). A field
     * the template or the code set already (title, queue, reference) is never replaced.
     */
    void putTicketFields(TicketReport report, ObjectNode target) {
        report.ticketFields().forEach((name, value) -> {
            if (!target.has(name)) {
                target.set(name, mapper.valueToTree(value));
            }
        });
    }

    /** A secret tag for the adoption key: 128 bits of it, lower-case hex, prefixed so staff can tell what it is. */
    static String adoptionTag(String adoptionKey) {
        return "meldeweg-" + adoptionKey;
    }

    /** Any 2xx answer takes the note; systems that answer errors with 200 override this. */
    @Override
    public void noteAccepted(int status, String responseBody) {
        if (!success(status)) {
            throw TicketResponseException.error(name(), status, excerpt(responseBody));
        }
    }

    /** A ticket id as JSON value: a number when it is one, as the systems write their own ids. */
    static JsonNode idValue(String ticketId) {
        return ticketId.matches("\\d{1,18}") ? JsonNodeFactory.instance.numberNode(Long.parseLong(ticketId))
                : JsonNodeFactory.instance.textNode(ticketId);
    }

    /** The reference must be in every create request, whatever an admin did to the template. */
    final void requireReference(TicketReport report, String body) {
        if (!body.contains(report.reference())) {
            throw new IllegalStateException("Ticket template " + templates.file(templateName())
                    + " must contain {{reference}} (title/subject and text): the reference is how a department finds the case");
        }
    }

    static Map<String, String> headers(String... nameValue) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            headers.put(nameValue[i], nameValue[i + 1]);
        }
        return headers;
    }

    String json(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The report's photos as attachment objects of the system's JSON (Zammad's article attachments,
     * Znuny's {@code Attachment} list): the file name, the content in base64 and the MIME type, each
     * under the name the system gives it.
     */
    static List<Map<String, Object>> base64Attachments(TicketReport report, String fileNameKey, String contentKey,
                                                       String mimeTypeKey) {
        return report.photos().stream().map(photo -> {
            Map<String, Object> attachment = new LinkedHashMap<>();
            attachment.put(fileNameKey, photo.fileName());
            attachment.put(contentKey, Base64.getEncoder().encodeToString(photo.content()));
            attachment.put(mimeTypeKey, photo.mimeType());
            return attachment;
        }).toList();
    }

    /** The answer as JSON, or a missing node when it is none (an HTML error page, an empty body). */
    JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return mapper.readTree(body);
        } catch (JacksonException e) {
            return MissingNode.getInstance();
        }
    }

    static boolean success(int status) {
        return status >= 200 && status < 300;
    }

    /** An id as text, whether the system wrote it as number or string; null when absent or empty. */
    static String idText(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainer()) {
            return null;
        }
        String text = node.asString("").strip();
        return text.isEmpty() ? null : text;
    }

    /**
     * The start of an answer without usable error fields, for error messages, logs and dead
     * letters. A JSON answer is the ticket system's own echo, which may carry the ticket's text:
     * it is described by its size only. Other answers (a proxy's error page, plain text) are shown.
     */
    static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "(empty answer)";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        if (line.startsWith("{") || line.startsWith("[")) {
            return "(JSON answer of " + line.length() + " characters, not shown)";
        }
        return line.length() <= 300 ? line : line.substring(0, 300) + " …";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String coordinates(TicketReport report) {
        return plain(report.latitude()) + ", " + plain(report.longitude());
    }

    static String plain(double d) {
        return BigDecimal.valueOf(d).toPlainString();
    }

    private static String location(TicketReport report, CitizenMarkup markup) {
        String address = markup.escape(blankToNull(report.address()));
        if (address != null && report.hasCoordinates()) {
            return address + " (" + coordinates(report) + ")";
        }
        if (address != null) {
            return address;
        }
        return report.hasCoordinates() ? coordinates(report) : null;
    }

    private static String mapUrl(TicketReport report) {
        if (!report.hasCoordinates()) {
            return null;
        }
        String lat = plain(report.latitude());
        String lon = plain(report.longitude());
        return "https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lon + "#map=18/" + lat + "/" + lon;
    }

    private static String photoList(List<TicketPhoto> photos, CitizenMarkup markup) {
        if (photos.isEmpty()) {
            return null;
        }
        return photos.stream()
                .map(p -> "- " + p.fileName() + (p.caption() == null || p.caption().isBlank() ? "" : ": " + markup.escape(p.caption().strip())))
                .collect(Collectors.joining("\n"));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
