package de.meldeweg.cases;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Groups a citizen's accepted messages into a case once the citizen has been quiet for
 * {@code meldeweg.case.grouping-window}, measured on arrival at our service.
 *
 * <p>A message that arrives after its citizen's case was assembled starts a new case: the first
 * case has already gone to a department with its own reference, and a second, short report
 * is easier for the department to act on than an amendment to a ticket that may be in progress.
 */
@Component("caseAssembly")
public class CaseAssembly {

    private static final Logger LOG = LoggerFactory.getLogger(CaseAssembly.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final CaseReferences references;
    private final Clock clock;
    private final Duration window;
    private final ZoneId zone;

    public CaseAssembly(JdbcTemplate jdbc, TransactionTemplate transaction, CaseReferences references, Clock clock,
                        CaseProperties settings,
                        ZoneId zone) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.references = references;
        this.clock = clock;
        this.window = settings.groupingWindow();
        this.zone = zone;
    }

    /**
     * Assembles every case whose citizen has been quiet long enough; returns the new case ids. All
     * of them in one transaction (one commit for the cases of a poll); if that fails, each citizen
     * in its own, so one citizen's trouble never holds up the others' cases.
     */
    public List<Long> assembleDue() {
        Instant quietSince = clock.instant().minus(window);
        // A citizen who floods (flood_throttle, see FloodGuard) is left alone until the flood is over:
        // the whole flood becomes one case.
        List<Long> citizens = jdbc.queryForList("SELECT citizen_id FROM inbound_message WHERE accepted = TRUE AND case_id IS NULL "
                + "AND citizen_id NOT IN (SELECT citizen_id FROM flood_throttle WHERE throttled_until > ?) "
                + "GROUP BY citizen_id HAVING MAX(received_at) <= ? ORDER BY citizen_id", Long.class,
                Timestamp.from(clock.instant()), Timestamp.from(quietSince));
        if (citizens.isEmpty()) {
            return List.of();
        }
        if (citizens.size() > 1) {
            try {
                return transaction.execute(status -> {
                    List<Long> cases = new ArrayList<>();
                    for (Long citizen : citizens) {
                        Long created = assemble(citizen, quietSince);
                        if (created != null) {
                            cases.add(created);
                        }
                    }
                    return cases;
                });
            } catch (RuntimeException e) {
                LOG.info("Assembling {} cases together failed ({}); assembling them one by one", citizens.size(),
                        e.getClass().getSimpleName());
            }
        }
        List<Long> cases = new ArrayList<>();
        for (Long citizen : citizens) {
            Long created = transaction.execute(status -> assemble(citizen, quietSince));
            if (created != null) {
                cases.add(created);
            }
        }
        return cases;
    }

    private Long assemble(long citizen, Instant quietSince) {
        // The citizen's row lock makes concurrent instances (and a message arriving right now)
        // wait, so one group of messages becomes exactly one case.
        if (jdbc.queryForList("SELECT id FROM citizen WHERE id = ? FOR UPDATE", Long.class, citizen).isEmpty()) {
            return null;
        }
        Timestamp last = jdbc.queryForObject("SELECT MAX(received_at) FROM inbound_message WHERE citizen_id = ? "
                + "AND accepted = TRUE AND case_id IS NULL", Timestamp.class, citizen);
        if (last == null || last.toInstant().isAfter(quietSince)) {
            return null;
        }
        Instant now = clock.instant();
        String reference = references.next(now.atZone(zone).getYear());
        jdbc.update("INSERT INTO report_case (reference, citizen_id, state, created_at) VALUES (?, ?, 'ASSEMBLED', ?)",
                reference, citizen, Timestamp.from(now));
        long id = jdbc.queryForObject("SELECT id FROM report_case WHERE reference = ?", Long.class, reference);
        references.remember(id, reference);
        int messages = jdbc.update("UPDATE inbound_message SET case_id = ? WHERE citizen_id = ? AND accepted = TRUE AND case_id IS NULL",
                id, citizen);
        LOG.info("Case {} assembled from {} message(s) of citizen {}", reference, messages, citizen);
        return id;
    }
}
