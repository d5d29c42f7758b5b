package de.meldeweg.safety;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import de.meldeweg.texts.CitizenTexts;
import de.meldeweg.whatsapp.OutboundMessages;

/**
 * A sender who sends more than {@code meldeweg.safety.flood-messages} messages within
 * {@code flood-window} is flooding. Nothing is lost: every message is stored as usual. The sender
 * gets one notice per flood, and the flood is held together: case assembly leaves the sender's
 * messages alone until a whole window has passed without a message over the threshold, so the
 * whole flood reaches the department as one case instead of many.
 */
@Component
public class FloodGuard {

    public static final String FLOOD_NOTICE = "FLOOD_NOTICE";
    static final String TEMPLATE = "whatsapp/flood-notice.txt";
    private static final Logger LOG = LoggerFactory.getLogger(FloodGuard.class);

    private final JdbcTemplate jdbc;
    private final OutboundMessages outbound;
    private final CitizenTexts texts;
    private final SafetyProperties properties;

    public FloodGuard(JdbcTemplate jdbc, OutboundMessages outbound, CitizenTexts texts, SafetyProperties properties) {
        this.jdbc = jdbc;
        this.outbound = outbound;
        this.texts = texts;
        this.properties = properties;
        texts.text(TEMPLATE);
    }

    /**
     * Counts the citizen's message just stored; true while the citizen is throttled. Runs in the
     * intake transaction, under the citizen's row lock, so that concurrent instances count alike.
     */
    public boolean count(long citizen, Instant now) {
        jdbc.queryForList("SELECT id FROM citizen WHERE id = ? FOR UPDATE", Long.class, citizen);
        Instant windowStart = now.minus(properties.floodWindow());
        // One read after the lock (a statement of its own, so it sees what another instance committed
        // while this one waited): the messages within the window and the throttle, if any.
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT (SELECT COUNT(*) FROM inbound_message WHERE citizen_id = ? "
                + "AND received_at > ?) AS recent, (SELECT throttled_until FROM flood_throttle WHERE citizen_id = ?) AS throttled_until",
                citizen, Timestamp.from(windowStart), citizen);
        Integer recent = ((Number) rows.get(0).get("recent")).intValue();
        Object throttledUntil = rows.get(0).get("throttled_until");
        Instant until = throttledUntil == null ? null : toInstant(throttledUntil);
        boolean active = until != null && until.isAfter(now);
        if (recent == null || recent <= properties.floodMessages()) {
            if (until != null && !active) {
                jdbc.update("DELETE FROM flood_throttle WHERE citizen_id = ?", citizen);
            }
            return active;
        }
        Timestamp newUntil = Timestamp.from(now.plus(properties.floodWindow()));
        if (active) {
            jdbc.update("UPDATE flood_throttle SET throttled_until = ? WHERE citizen_id = ?", newUntil, citizen);
            return true;
        }
        if (until == null) {
            jdbc.update("INSERT INTO flood_throttle (citizen_id, started_at, throttled_until) VALUES (?, ?, ?)",
                    citizen, Timestamp.from(now), newUntil);
        } else {
            jdbc.update("UPDATE flood_throttle SET started_at = ?, throttled_until = ? WHERE citizen_id = ?",
                    Timestamp.from(now), newUntil, citizen);
        }
        outbound.enqueue(citizen, FLOOD_NOTICE, texts.render(TEMPLATE, Map.of("window", spoken(properties.floodWindow()))));
        LOG.info("Citizen {} sent {} messages within {}: throttled, notice queued, messages held together until the flood ends",
                citizen, recent, properties.floodWindow());
        return true;
    }

    /** "10 Minuten", "1 Stunde", "30 Sekunden": the window as the notice says it. */
    static String spoken(java.time.Duration window) {
        long seconds = window.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds == 3600 ? "1 Stunde" : seconds / 3600 + " Stunden";
        }
        if (seconds % 60 == 0) {
            return seconds == 60 ? "1 Minute" : seconds / 60 + " Minuten";
        }
        return seconds == 1 ? "1 Sekunde" : seconds + " Sekunden";
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalArgumentException("not a time: " + value);
    }
}
