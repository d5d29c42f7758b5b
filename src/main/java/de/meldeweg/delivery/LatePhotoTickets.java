package de.meldeweg.delivery;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import de.meldeweg.cases.CasePhotos;
import de.meldeweg.cases.Pseudonymizer;
import de.meldeweg.cases.TicketPhotoSupport;
import de.meldeweg.tickets.TicketPhoto;
import de.meldeweg.tickets.TicketAdapter;
import de.meldeweg.tickets.TicketAdapters;
import de.meldeweg.tickets.TicketReport;
import de.meldeweg.tickets.TicketRequest;
import de.meldeweg.tickets.TicketHttp;

/**
 * Delivers {@code PHOTOS_TICKET} rows: photos fetched after the case's ticket was created go onto
 * that ticket (the case's {@code ticket_id}) through the preset's photo request (Zammad article,
 * Znuny TicketUpdate, Redmine uploads then a journal), or as JSON into the outbox folder without a
 * ticket system. Open311 cannot take them: such follow-ups are recorded {@code NOT_POSSIBLE} when
 * armed (see {@link CasePhotos}) and never reach this class, unless the system was changed since.
 */
@Component("latePhotoTickets")
public class LatePhotoTickets implements TicketPhotoSupport {

    private static final Logger LOG = LoggerFactory.getLogger(LatePhotoTickets.class);
    private final ObjectMapper json;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final JdbcTemplate jdbc;
    private final CasePhotos photos;
    private final TicketAdapters presets;
    private final TicketHttp http;
    private final Pseudonymizer pseudonymizer;
    private final ZoneId zone;

    public LatePhotoTickets(JdbcTemplate jdbc, CasePhotos photos, TicketAdapters presets, TicketHttp http, Pseudonymizer pseudonymizer,
                            ZoneId zone, ObjectMapper json) {
        this.json = json;
        this.jdbc = jdbc;
        this.photos = photos;
        this.presets = presets;
        this.http = http;
        this.pseudonymizer = pseudonymizer;
        this.zone = zone;
    }

    @Override
    public Optional<String> latePhotosNotPossible() {
        if (presets.enabled() && !presets.adapter().takesPhotosLater()) {
            return Optional.of(presets.adapter().name() + " (GeoReport v2) has no call to add photos to a request once it exists;"
                    + " the photos went to the department by mail");
        }
        return Optional.empty();
    }

    public void deliver(Exchange exchange) throws Exception {
        Deliveries.Delivery delivery = exchange.getProperty(Deliveries.DELIVERY_ID, Deliveries.Delivery.class);
        Map<String, Object> row = jdbc.queryForMap("SELECT reference, category_code, category_name, department_name, ticket_queue, "
                + "service_code, urgent, created_at, ticket_id FROM report_case WHERE id = ?", delivery.caseId());
        String reference = (String) row.get("reference");
        String ticketId = (String) row.get("ticket_id");
        CasePhotos.Photos late = photos.of(delivery.caseId(), CasePhotos.PHOTOS_TICKET);
        if (late.fetched().isEmpty()) {
            exchange.setProperty(CasePhotos.INCLUDED, List.of());
            LOG.info("Case {}: no late photo waits for the ticket any more; nothing to send", reference);
            return;
        }
        TicketReport report = report(row, late);
        send(presets.adapter(), ticketId, report);
        exchange.setProperty(CasePhotos.INCLUDED, late.messageIds());
        LOG.info("Case {}: {} late photo(s) added to the {} ticket {}", reference, late.fetched().size(),
                presets.adapter().name(), ticketId == null ? "-" : ticketId);
    }

    /** The preset's uploads (Redmine), then its photo request; an answer it does not take is an error to retry. */
    void send(TicketAdapter preset, String ticketId, TicketReport report) {
        if (!preset.takesPhotosLater()) {
            throw new TicketNotes.Impossible(preset.name() + " cannot take photos once its request exists (the ticket system was changed"
                    + " after this follow-up was queued); the photos of " + report.reference() + " went by mail");
        }
        if (ticketId == null) {
            throw new TicketNotes.Impossible("case " + report.reference() + " has no " + preset.name()
                    + " ticket id; its photos went by mail, add them to the ticket by hand");
        }
        List<String> uploads = http.upload(preset.name(), preset.photoUploads(report));
        TicketRequest request = preset.photos(ticketId, report, uploads).orElseThrow();
        TicketHttp.Response answer = http.call(request);
        preset.photosAccepted(answer.status(), answer.body());
    }

    /** The configured preset (for tests of {@link #send}). */
    TicketAdapter presetForTest() {
        return presets.adapter();
    }


    private TicketReport report(Map<String, Object> row, CasePhotos.Photos late) {
        java.time.Instant created = row.get("created_at") instanceof java.sql.Timestamp t ? t.toInstant()
                : ((java.time.OffsetDateTime) row.get("created_at")).toInstant();
        return new TicketReport((String) row.get("reference"), (String) row.get("category_code"), (String) row.get("category_name"),
                (String) row.get("department_name"), (String) row.get("ticket_queue"), (String) row.get("service_code"), "",
                late.fetched().stream().map(p -> new TicketPhoto(p.fileName(), p.mime(), p.content(), pseudonymizer.mask(p.caption()))).toList(),
                Boolean.TRUE.equals(row.get("urgent")), null, null, null, created);
    }

    /**
     * Without a ticket system: what would be added to the ticket, the photos named with type and
     * size, as JSON for the outbox folder (written by the route's file endpoint); null when no late
     * photo waits any more.
     */
    public String outboxFile(Exchange exchange) throws Exception {
        Deliveries.Delivery delivery = exchange.getProperty(Deliveries.DELIVERY_ID, Deliveries.Delivery.class);
        Map<String, Object> row = jdbc.queryForMap("SELECT reference, category_code, category_name, department_name, ticket_queue, "
                + "service_code, urgent, created_at, ticket_id FROM report_case WHERE id = ?", delivery.caseId());
        String ticketId = (String) row.get("ticket_id");
        CasePhotos.Photos late = photos.of(delivery.caseId(), CasePhotos.PHOTOS_TICKET);
        if (late.fetched().isEmpty()) {
            exchange.setProperty(CasePhotos.INCLUDED, List.of());
            return null;
        }
        TicketReport report = report(row, late);
        exchange.setProperty(CasePhotos.INCLUDED, late.messageIds());
        ObjectNode file = json.createObjectNode();
        file.put("reference", report.reference());
        file.put("ticketId", ticketId);
        file.put("followUp", "photos");
        ArrayNode list = file.putArray("photos");
        for (TicketPhoto photo : report.photos()) {
            ObjectNode entry = list.addObject();
            entry.put("fileName", photo.fileName());
            entry.put("mimeType", photo.mimeType());
            entry.put("bytes", photo.content().length);
            entry.put("caption", photo.caption());
        }
        exchange.getMessage().setHeader(Exchange.FILE_NAME, FILE_TIME.format(ZonedDateTime.now(zone)) + "-" + report.reference() + "-fotos.json");
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(file);
    }
}
