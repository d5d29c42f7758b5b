package de.meldeweg.safety;

import java.sql.Timestamp;
import java.time.Clock;

import org.apache.camel.Body;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import de.meldeweg.whatsapp.OutboundMessages;

/**
 * Claims an emergency reply for immediate sending, the way the outbox poller claims its rows
 * (state SENDING with a lease), so that the two never send the same message twice.
 */
@Component("emergencyReplies")
public class EmergencyReplies {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public EmergencyReplies(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The id when this call claimed the still untried message; null when the poller was faster. */
    public Long claim(@Body Long outboundId) {
        int claimed = jdbc.update("UPDATE outbound_message SET state = 'SENDING', attempts = attempts + 1, next_attempt_at = ? "
                        + "WHERE id = ? AND state = 'PENDING' AND attempts = 0",
                Timestamp.from(clock.instant().plus(OutboundMessages.LEASE)), outboundId);
        return claimed == 1 ? outboundId : null;
    }
}
