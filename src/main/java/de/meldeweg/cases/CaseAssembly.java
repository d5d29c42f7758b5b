package de.meldeweg.cases;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
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
                return transaction.execute(status -> assemble(citizens, quietSince));
            } catch (RuntimeException e) {
                LOG.info("Assembling {} cases together failed ({}); assembling them one by one", citizens.size(),
                        e.getClass().getSimpleName());
            }
        }
        List<Long> cases = new ArrayList<>();
        for (Long citizen : citizens) {
            cases.addAll(transaction.execute(status -> assemble(List.of(citizen), quietSince)));
        }
        return cases;
    }

    /**
     * One case for each of these citizens whose messages are still due, inside the caller's
     * transaction. One statement locks their rows, one reads when each one's last message came, one
     * counts the references for all of them, and each case costs its insert and the link of its messages.
     */
    private List<Long> assemble(List<Long> citizens, Instant quietSince) {
        // The citizens' row locks (in id order, as every look takes them) make concurrent instances
        // (and a message arriving right now) wait, so one group of messages becomes exactly one case.
        Map<Long, String> languages = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement lock = connection.prepareStatement("SELECT id, language FROM citizen WHERE id = ANY(?) ORDER BY id FOR UPDATE");
            lock.setArray(1, connection.createArrayOf("BIGINT", citizens.toArray()));
            return lock;
        }, rs -> {
            languages.put(rs.getLong(1), rs.getString(2));
        });
        if (languages.isEmpty()) {
            return List.of();
        }
        // A statement of its own after the locks: it sees what another instance committed while this
        // one waited for a lock (its messages then have their case already, and the citizen is not due).
        List<Long> due = new ArrayList<>();
        jdbc.query(connection -> {
            PreparedStatement last = connection.prepareStatement("SELECT citizen_id, MAX(received_at) FROM inbound_message "
                    + "WHERE citizen_id = ANY(?) AND accepted = TRUE AND case_id IS NULL GROUP BY citizen_id ORDER BY citizen_id");
            last.setArray(1, connection.createArrayOf("BIGINT", languages.keySet().toArray()));
            return last;
        }, rs -> {
            Timestamp at = rs.getTimestamp(2);
            if (at != null && !at.toInstant().isAfter(quietSince)) {
                due.add(rs.getLong(1));
            }
        });
        if (due.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        Timestamp created = Timestamp.from(now);
        List<String> references = this.references.next(now.atZone(zone).getYear(), due.size());
        List<Long> cases = new ArrayList<>(due.size());
        for (int i = 0; i < due.size(); i++) {
            long citizen = due.get(i);
            String reference = references.get(i);
            // The new case's id comes back with its insert: no lookup by reference. The case keeps the
            // language its citizen writes in (noted at intake from the messages it takes; later messages
            // start a new case), for the department's mail and ticket.
            KeyHolder key = new GeneratedKeyHolder();
            jdbc.update(connection -> {
                PreparedStatement insert = connection.prepareStatement("INSERT INTO report_case (reference, citizen_id, state, created_at, "
                        + "language) VALUES (?, ?, 'ASSEMBLED', ?, ?)", new String[] {"id"});
                insert.setString(1, reference);
                insert.setLong(2, citizen);
                insert.setTimestamp(3, created);
                insert.setString(4, languages.get(citizen));
                return insert;
            }, key);
            long id = key.getKey().longValue();
            this.references.remember(id, reference);
            int messages = jdbc.update("UPDATE inbound_message SET case_id = ? WHERE citizen_id = ? AND accepted = TRUE AND case_id IS NULL",
                    id, citizen);
            LOG.info("Case {} assembled from {} message(s) of citizen {}", reference, messages, citizen);
            cases.add(id);
        }
        return cases;
    }
}
