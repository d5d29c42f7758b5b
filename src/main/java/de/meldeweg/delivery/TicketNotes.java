package de.meldeweg.delivery;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import de.meldeweg.tickets.TicketAdapter;
import de.meldeweg.tickets.TicketAdapters;
import de.meldeweg.tickets.TicketAlerts;
import de.meldeweg.tickets.TicketHttp;
import de.meldeweg.tickets.TicketRequest;
import de.meldeweg.texts.CitizenTexts;

/**
 * Delivers {@code NOTE} rows of the delivery outbox: a note on a case's ticket that the citizen
 * withdrew consent ("Löschen") and cannot be answered. The note carries the case reference and
 * the text of {@code config/templates/tickets/erasure-note.txt} (first line subject, then the
 * text), never personal data. Through the configured system's update call (route {@code ticket-call}),
 * or as JSON into the outbox folder ({@code tickets/}, route {@code delivery-deliver}) without a
 * ticket system. A note the system took is read back where the system can silently make it public
 * (Redmine): a public note is an error in the log, DEGRADED health and a dead letter (never sent
 * again: it would only add a second public note). A failure is retried like any delivery;
 * a note that can never be placed (Open311, a case without ticket id) becomes a dead letter at
 * once, with the reason, so an admin can tell the department another way.
 */
@Component("ticketNotes")
public class TicketNotes {

    public static final String CHANNEL = "NOTE";
    public static final String TEMPLATE = "tickets/erasure-note.txt";
    private static final Logger LOG = LoggerFactory.getLogger(TicketNotes.class);
    private final ObjectMapper json;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final JdbcTemplate jdbc;
    private final TicketAdapters presets;
    private final TicketHttp http;
    private final TicketAlerts alerts;
    private final CitizenTexts texts;
    private final ZoneId zone;

    public TicketNotes(JdbcTemplate jdbc, TicketAdapters presets, TicketHttp http, TicketAlerts alerts, CitizenTexts texts,
                       ZoneId zone, ObjectMapper json) {
        this.json = json;
        this.jdbc = jdbc;
        this.presets = presets;
        this.http = http;
        this.alerts = alerts;
        this.texts = texts;
        this.zone = zone;
        texts.text(TEMPLATE);
    }

    /** A note that can never be placed: retrying cannot help, an admin must. */
    public static class Impossible extends RuntimeException {
        public Impossible(String message) {
            super(message);
        }
    }

    /** The note was placed, but public: sending it again would only add another public note. */
    public static final class NotPrivate extends Impossible {
        public NotPrivate(String message) {
            super(message);
        }
    }

    /** Subject and text of the note for a case. */
    record Note(String subject, String text) {
    }

    Note note(String reference) {
        String rendered = texts.render(TEMPLATE, Map.of("reference", reference));
        int lineBreak = rendered.indexOf('\n');
        if (lineBreak < 0) {
            return new Note(reference, rendered);
        }
        return new Note(rendered.substring(0, lineBreak).strip(), rendered.substring(lineBreak + 1).strip());
    }

    public void deliver(Exchange exchange) throws Exception {
        Deliveries.Delivery delivery = exchange.getProperty(Deliveries.DELIVERY_ID, Deliveries.Delivery.class);
        Map<String, Object> row = jdbc.queryForMap("SELECT reference, ticket_id FROM report_case WHERE id = ?", delivery.caseId());
        String reference = (String) row.get("reference");
        String ticketId = (String) row.get("ticket_id");
        Note note = note(reference);
        TicketAdapter preset = presets.adapter();
        if (ticketId == null) {
            throw new Impossible("case " + reference + " has no " + preset.name() + " ticket id; tell the department another way");
        }
        Optional<TicketRequest> request = preset.note(ticketId, note.subject(), note.text());
        if (request.isEmpty()) {
            throw new Impossible(preset.name() + " has no call to add a note to request " + ticketId
                    + " (GeoReport v2 knows no update); tell the department another way");
        }
        TicketHttp.Response answer = http.call(request.get());
        preset.noteAccepted(answer.status(), answer.body());
        Optional<String> notPrivate = preset.noteNotPrivate(ticketId, note.subject(), http);
        if (notPrivate.isPresent()) {
            alerts.raise(notPrivate.get());
            LOG.error("Case {}: {}", reference, notPrivate.get());
            throw new NotPrivate(notPrivate.get());
        }
        alerts.clear();
        LOG.info("Case {}: note on {} ticket {} added (the citizen withdrew consent)", reference, preset.name(), ticketId);
    }

    /** Without a ticket system: the note as JSON for the outbox folder (written by the route's file endpoint). */
    public String outboxFile(Exchange exchange) throws Exception {
        Deliveries.Delivery delivery = exchange.getProperty(Deliveries.DELIVERY_ID, Deliveries.Delivery.class);
        Map<String, Object> row = jdbc.queryForMap("SELECT reference, ticket_id FROM report_case WHERE id = ?", delivery.caseId());
        String reference = (String) row.get("reference");
        String ticketId = (String) row.get("ticket_id");
        Note note = note(reference);
        ObjectNode file = json.createObjectNode();
        file.put("reference", reference);
        file.put("ticketId", ticketId);
        file.put("note", note.subject());
        file.put("text", note.text());
        exchange.getMessage().setHeader(Exchange.FILE_NAME, FILE_TIME.format(ZonedDateTime.now(zone)) + "-" + reference + "-note.json");
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(file);
    }
}
