package de.meldeweg.intake;

import java.sql.Timestamp;
import java.time.Clock;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/** Errors WhatsApp reports in a webhook, a message or a status: kept for the operators, bounded. */
@Component("webhookErrors")
public class WebhookErrors {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookErrors.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public WebhookErrors(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** An {@code errors[]} entry of the change itself. */
    public void recordPart(@Body IntakePart part, @ExchangeProperty(IntakeEvents.NOTES) IntakeNotes notes) {
        record(part.eventId(), "webhook", part.node());
        notes.handled();
    }

    void record(long eventId, String source, JsonNode error) {
        Integer code = error.path("code").canConvertToInt() ? error.path("code").asInt() : null;
        String title = printable(error.path("title").asString(error.path("message").asString("")), 500);
        String detail = error.path("error_data").path("details").asString(null);
        jdbc.update("INSERT INTO whatsapp_error (event_id, source, code, title, detail, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                eventId, source, code, title, detail == null ? null : printable(detail, 2000),
                Timestamp.from(clock.instant()));
        LOG.warn("WhatsApp reported error {} ({}) in a {} of event {}", code, title, source, eventId);
    }

    /** WhatsApp's own error texts: kept, but without control characters and bounded. */
    private static String printable(String s, int max) {
        String clean = s.replaceAll("\\p{Cntrl}", " ");
        return clean.length() <= max ? clean : clean.substring(0, max);
    }
}
