package de.meldeweg.ops;

import java.sql.Timestamp;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether the pipeline has work to do now, read from the stages' own tables: a stored webhook not
 * processed yet, a message not in a case yet, a case not forwarded, a delivery, a WhatsApp message or a
 * photo download that is due or under way. Work that waits for a later attempt after a failure (a mail
 * server that is down) is not due, so it does not count; work that waits for a person (a case in review,
 * an answer held for the citizen) neither. One statement of indexed look-ups, the same conditions the
 * stages' own polls use; on PostgreSQL it sees the work of every instance.
 */
@Component
public class PipelineBacklog {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineBacklog.class);

    /**
     * Each part mirrors the stage that takes the rows ({@code IntakeEvents.pending}, {@code CaseAssembly.assembleDue},
     * {@code CaseForwarding.waiting}, {@code Deliveries.claimDue}, {@code OutboundMessages}, {@code MediaDownloads.claimDue});
     * a row claimed by a stage (SENDING, FETCHING) counts until the stage is done with it, whatever its lease.
     * A message not in a case counts while its citizen's grouping window is still open: the case is still to come.
     */
    static final String DUE = "SELECT CASE WHEN "
            + "EXISTS (SELECT 1 FROM webhook_event WHERE state = 'RECEIVED' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)) "
            + "OR EXISTS (SELECT 1 FROM inbound_message WHERE case_id IS NULL AND accepted = TRUE "
            + "AND citizen_id NOT IN (SELECT citizen_id FROM flood_throttle WHERE throttled_until > ?)) "
            + "OR EXISTS (SELECT 1 FROM report_case WHERE state = 'ASSEMBLED' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)) "
            + "OR EXISTS (SELECT 1 FROM delivery WHERE state = 'SENDING' OR (state = 'PENDING' AND next_attempt_at <= ?)) "
            + "OR EXISTS (SELECT 1 FROM outbound_message WHERE state = 'SENDING' OR (state = 'PENDING' AND next_attempt_at <= ?)) "
            + "OR EXISTS (SELECT 1 FROM inbound_media WHERE state = 'FETCHING' OR (state = 'PENDING' AND next_attempt_at <= ?)) "
            + "THEN 1 ELSE 0 END";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public PipelineBacklog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** True if any stage has work that is due now or under way, or if the database cannot tell (then it may well have). */
    public boolean workToDo() {
        Timestamp now = Timestamp.from(clock.instant());
        try {
            Integer due = jdbc.queryForObject(DUE, Integer.class, now, now, now, now, now, now);
            return due == null || due != 0;
        } catch (DataAccessException e) {
            LOG.debug("Pipeline backlog not readable: {}", e.getClass().getSimpleName());
            return true;
        }
    }
}
