package de.meldeweg.cases;

import java.sql.Timestamp;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The only place that closes a case and so sets {@code report_case.closed_at}: the retention
 * clock starts here. Callers say who closed it (a relayed answer, the ticket system, an admin);
 * closing twice is a no-op, so redelivered answers and repeated polls cannot move the clock.
 */
@Component("caseClosing")
public class CaseClosing {

    /** Who or what closed a case; stored with it, never personal data. */
    public enum ClosedBy { ANSWER, MAIL_MARKER, TICKET, ADMIN }

    private static final Logger LOG = LoggerFactory.getLogger(CaseClosing.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final CaseReferences references;

    public CaseClosing(JdbcTemplate jdbc, Clock clock, CaseReferences references) {
        this.jdbc = jdbc;
        this.references = references;
        this.clock = clock;
    }

    /** Closes the case; true if this call closed it, false if it was closed already or does not exist. */
    public boolean close(long caseId, ClosedBy by) {
        int updated = jdbc.update("UPDATE report_case SET state = 'CLOSED', closed_at = ? WHERE id = ? AND closed_at IS NULL",
                Timestamp.from(clock.instant()), caseId);
        if (updated == 1) {
            LOG.info("Case {}: closed ({})", references.of(caseId), by);
        }
        return updated == 1;
    }
}
