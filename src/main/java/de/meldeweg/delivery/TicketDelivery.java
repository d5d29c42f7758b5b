package de.meldeweg.delivery;

import java.net.SocketTimeoutException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import de.meldeweg.cases.CasePhotos;
import de.meldeweg.cases.Pseudonymizer;
import de.meldeweg.location.CaseLocations;
import de.meldeweg.location.CasePlace;
import de.meldeweg.privacy.PersonalDataCipher;
import de.meldeweg.tickets.TicketAdapter;
import de.meldeweg.tickets.TicketAdapters;
import de.meldeweg.tickets.TicketHttp;
import de.meldeweg.tickets.TicketPhoto;
import de.meldeweg.tickets.TicketReport;
import de.meldeweg.tickets.TicketResponseException;

/**
 * Takes a case into the city's ticket system ({@code meldeweg.ticket.system}) through the route
 * {@code ticket-call}: the adapter's uploads first (Redmine), then the create request; the external
 * ticket id is stored with the case. With {@code none} the ticket is written as JSON into the
 * outbox folder ({@code tickets/}) by the route {@code delivery-deliver}, so the embedded default
 * shows the whole path.
 *
 * <p>No ticket system here knows idempotency keys. Where a ticket this service created can be
 * recognised for sure (Zammad: a tag with a secret of this delivery; Redmine: the reference in the
 * configured custom field), every attempt after the first, and every attempt resumed after a
 * crash, looks for it first and keeps the one it finds: a create that failed after the ticket was
 * made (an error answer, a timeout after sending, an answer without id) is then retried safely.
 * Elsewhere (Znuny, Open311, Redmine without reference field), a create that may have reached the
 * system is not retried blindly but becomes a dead letter for an admin to check.
 */
@Component("ticketDelivery")
public class TicketDelivery {

    /**
     * Exchange property with the ticket's id in the ticket system: stored with the case by
     * {@link Deliveries#delivered} in the same transaction that marks the delivery delivered.
     */
    public static final String TICKET_ID = "meldewegTicketId";
    private static final Logger LOG = LoggerFactory.getLogger(TicketDelivery.class);
    private final ObjectMapper json;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final JdbcTemplate jdbc;
    private final PersonalDataCipher cipher;
    private final TicketAdapters presets;
    private final TicketHttp http;
    private final ZoneId zone;

    private final CasePhotos photos;
    private final Pseudonymizer pseudonymizer;
    private final CaseLocations locations;

    public TicketDelivery(JdbcTemplate jdbc, PersonalDataCipher cipher, TicketAdapters presets, TicketHttp http,
                          CasePhotos photos, Pseudonymizer pseudonymizer, CaseLocations locations,
                          ZoneId zone, ObjectMapper json) {
        this.json = json;
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.presets = presets;
        this.photos = photos;
        this.pseudonymizer = pseudonymizer;
        this.locations = locations;
        this.http = http;
        this.zone = zone;
    }

    /** Thrown when a ticket may already exist: retrying could open it twice. */
    public static final class MaybeDelivered extends RuntimeException {
        public MaybeDelivered(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public void deliver(Exchange exchange) throws Exception {
        Deliveries.Delivery delivery = exchange.getProperty(Deliveries.DELIVERY_ID, Deliveries.Delivery.class);
        CasePhotos.Photos casePhotos = photos.of(delivery.caseId(), "TICKET");
        TicketReport read = report(delivery.caseId(), casePhotos, true);
        TicketReport report = read.with(adoptionKey(delivery.id(), delivery.caseId()), read.ticketFields());
        exchange.setProperty(CasePhotos.INCLUDED, casePhotos.messageIds());
        exchange.setProperty(CasePhotos.NONE, casePhotos.none());
        TicketAdapter preset = presets.adapter();
        boolean searchable = preset.canAdopt();
        if (searchable && (delivery.resumed() || delivery.attempts() > 1)) {
            Optional<String> existing = preset.adopt(report, http);
            if (existing.isPresent()) {
                // What the interrupted create carried is unknown: photos there before the case was
                // forwarded were in it; later ones go in a follow-up (at worst twice, never lost).
                exchange.setProperty(CasePhotos.INCLUDED, jdbc.queryForList("SELECT x.message_id FROM inbound_media x "
                        + "JOIN inbound_message m ON m.id = x.message_id JOIN delivery d ON d.id = ? WHERE m.case_id = d.case_id "
                        + "AND x.state = 'FETCHED' AND (x.fetched_at IS NULL OR x.fetched_at <= d.created_at)", Long.class, delivery.id()));
                exchange.setProperty(TICKET_ID, existing.get());
                LOG.info("Case {}: {} ticket {} was created by an earlier attempt; not created again", report.reference(),
                        preset.name(), existing.get());
                return;
            }
        }
        List<String> uploads = http.upload(preset.name(), preset.uploads(report));
        TicketHttp.Response answer;
        try {
            answer = http.call(preset.create(report, uploads));
        } catch (RuntimeException e) {
            if (rootCause(e) instanceof SocketTimeoutException) {
                String problem = preset.name() + " did not answer the create request in time; the ticket may exist";
                throw searchable ? new IllegalStateException(problem + " (looked for before the next attempt)", e)
                        : new MaybeDelivered(problem, e);
            }
            throw e;
        }
        String ticketId;
        try {
            ticketId = preset.ticketId(answer.status(), answer.body());
        } catch (TicketResponseException e) {
            if (e.ticketMayExist() && !searchable) {
                throw new MaybeDelivered(e.getMessage(), e);
            }
            throw e;
        }
        // Stored with the delivery's outcome, one commit (a crash before it: the retry finds the ticket, see above).
        exchange.setProperty(TICKET_ID, ticketId);
        LOG.info("Case {}: {} ticket {} created", report.reference(), preset.name(), ticketId);
    }

    /**
     * The secret of this delivery that a Zammad ticket carries as a tag: 128 bits of a keyed hash of
     * the delivery and its case (meldeweg.crypto.hash-key), the same on every attempt, unknown to
     * anyone who can read references.
     */
    String adoptionKey(long deliveryId, long caseId) {
        byte[] hash = Base64.getUrlDecoder().decode(cipher.keyedHash("ticket-adoption", deliveryId + ":" + caseId));
        return HexFormat.of().formatHex(hash, 0, 16);
    }

    /** The category's {@code ticket-fields} from the directory (e.g. Redmine {@code category_id}); empty when none. */
    Map<String, Object> ticketFields(String fields) {
        if (fields == null || fields.isBlank()) {
            return Map.of();
        }
        try {
            return json.readValue(fields, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (Exception e) {
            throw new IllegalStateException("ticket-fields of the case's category are not readable", e);
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    TicketReport report(long caseId, CasePhotos.Photos casePhotos) {
        return report(caseId, casePhotos, false);
    }

    /**
     * The ticket of a case; {@code withFields}: with its category's {@code ticket-fields} (read in the
     * same statement as the case, not in one of their own).
     */
    TicketReport report(long caseId, CasePhotos.Photos casePhotos, boolean withFields) {
        Map<String, Object> row = jdbc.queryForMap("SELECT r.reference, r.category_code, r.report_enc, r.urgent, r.created_at, "
                + "r.category_name, r.service_code, r.department_name, r.ticket_queue, c.ticket_fields FROM report_case r "
                + "LEFT JOIN category c ON c.code = r.category_code WHERE r.id = ?", caseId);
        java.time.Instant created = row.get("created_at") instanceof java.sql.Timestamp t ? t.toInstant()
                : ((java.time.OffsetDateTime) row.get("created_at")).toInstant();
        // The place recognised in the text (or shared in WhatsApp), similar cases and the language.
        CasePlace place = locations.forDepartment(caseId);
        Double latitude = place.latitude();
        Double longitude = place.longitude();
        return new TicketReport((String) row.get("reference"), (String) row.get("category_code"), (String) row.get("category_name"),
                (String) row.get("department_name"), (String) row.get("ticket_queue"), (String) row.get("service_code"),
                java.util.Objects.requireNonNullElse(cipher.decrypt((String) row.get("report_enc")), "") + "\n\n" + place.ticketNote(),
                casePhotos.fetched().stream().map(p -> new TicketPhoto(p.fileName(), p.mime(), p.content(),
                        pseudonymizer.mask(p.caption()))).toList(),
                Boolean.TRUE.equals(row.get("urgent")),
                latitude, longitude, place.known() ? place.locationLine() : null, created, null,
                withFields ? ticketFields((String) row.get("ticket_fields")) : null);
    }

    /** Without a ticket system: the ticket as JSON for the outbox folder (written by the route's file endpoint). */
    public String outboxFile(Exchange exchange) throws Exception {
        Deliveries.Delivery delivery = exchange.getProperty(Deliveries.DELIVERY_ID, Deliveries.Delivery.class);
        CasePhotos.Photos casePhotos = photos.of(delivery.caseId(), "TICKET");
        TicketReport report = report(delivery.caseId(), casePhotos);
        exchange.setProperty(CasePhotos.INCLUDED, casePhotos.messageIds());
        exchange.setProperty(CasePhotos.NONE, casePhotos.none());
        ObjectNode ticket = json.createObjectNode();
        ticket.put("reference", report.reference());
        ticket.put("category", report.categoryCode());
        ticket.put("categoryName", report.categoryName());
        ticket.put("department", report.departmentName());
        ticket.put("queue", report.queue());
        ticket.put("serviceCode", report.serviceCode());
        ticket.put("urgent", report.urgent());
        ticket.put("text", report.text());
        exchange.getMessage().setHeader(Exchange.FILE_NAME, FILE_TIME.format(ZonedDateTime.now(zone)) + "-" + report.reference() + ".json");
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(ticket);
    }
}
