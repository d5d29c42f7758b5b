package de.meldeweg.replies;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import de.meldeweg.replies.AnswerRelay.CaseInfo;
import de.meldeweg.replies.AnswerRelay.Outcome;
import de.meldeweg.tickets.TicketAdapter;
import de.meldeweg.tickets.TicketAdapters;
import de.meldeweg.tickets.TicketAnswer;
import de.meldeweg.tickets.TicketHttp;
import de.meldeweg.tickets.TicketProperties;
import de.meldeweg.tickets.TicketView;

/**
 * Follows the tickets of open forwarded cases (route {@code replies-ticket}), by polling: each
 * case's ticket is looked at every {@code meldeweg.replies.ticket-every}, at most
 * {@code meldeweg.replies.ticket-batch} per round, oldest look first. New public answers are
 * relayed through {@link AnswerRelay} (recorded under their article key, so never twice), and a
 * closed ticket closes the case. A system that fails is asked again later, with growing pauses.
 * Which articles count as answers (public, written by an agent, not by our own user, a customer or
 * the mail gateway) is the adapter's part ({@link TicketAdapter#look}).
 *
 * <p>A case closed another way (a mail, an admin) is still looked at for
 * {@code meldeweg.ticket.follow-after-close}: an answer that arrives in its ticket then is not
 * relayed (the citizen was told the case is closed) but recorded {@code CLOSED} and listed as a
 * dead letter ({@link AnswerRelay#LATE_ANSWER}) for an admin, once per answer (see
 * {@link AnswerRelay#relay}).
 */
@Component("ticketFollowing")
public class TicketFollowing {

    private static final Duration MAX_PAUSE = Duration.ofHours(6);
    private static final Logger LOG = LoggerFactory.getLogger(TicketFollowing.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final AnswerRelay relay;
    private final TicketHttp http;
    private final ReplyProperties properties;
    private final Duration afterClose;
    private final Clock clock;
    private final TicketAdapter follower;

    public TicketFollowing(JdbcTemplate jdbc, TransactionTemplate transaction, AnswerRelay relay, TicketHttp http,
                           TicketAdapters adapters, ReplyProperties properties, Clock clock, TicketProperties ticket) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.relay = relay;
        this.http = http;
        this.properties = properties;
        this.afterClose = ticket.followAfterClose();
        this.clock = clock;
        this.follower = adapters.enabled() ? adapters.adapter() : null;
    }

    /** Whether there is a ticket system to follow. */
    public boolean enabled() {
        return follower != null;
    }

    /** Claims the cases whose ticket is due for a look (a lease of one period, so instances do not share one). */
    public List<Long> due() {
        if (follower == null) {
            return List.of();
        }
        return transaction.execute(status -> {
            Instant now = clock.instant();
            jdbc.update("INSERT INTO ticket_follow (case_id, next_poll_at) SELECT r.id, ? FROM report_case r WHERE r.ticket_id IS NOT NULL "
                    + "AND r.closed_at IS NULL AND NOT EXISTS (SELECT 1 FROM ticket_follow f WHERE f.case_id = r.id)", Timestamp.from(now));
            jdbc.update("DELETE FROM ticket_follow WHERE case_id IN (SELECT id FROM report_case WHERE closed_at < ?)",
                    Timestamp.from(now.minus(afterClose)));
            List<Long> ids = jdbc.queryForList("SELECT case_id FROM ticket_follow WHERE next_poll_at <= ? ORDER BY next_poll_at, case_id "
                    + "FETCH FIRST " + properties.ticketBatch() + " ROWS ONLY FOR UPDATE SKIP LOCKED", Long.class, Timestamp.from(now));
            for (Long id : ids) {
                jdbc.update("UPDATE ticket_follow SET next_poll_at = ? WHERE case_id = ?", Timestamp.from(now.plus(properties.ticketEvery())), id);
            }
            return ids;
        });
    }

    /** Looks at one case's ticket: relays new public answers, closes the case when the ticket is closed. */
    public void follow(@Body Long caseId) {
        Optional<CaseInfo> found = relay.caseById(caseId);
        String ticketId = jdbc.queryForList("SELECT ticket_id FROM report_case WHERE id = ?", String.class, caseId).stream()
                .findFirst().orElse(null);
        if (found.isEmpty() || ticketId == null) {
            return;
        }
        CaseInfo kase = found.get();
        try {
            TicketView view = follower.look(ticketId, http);
            if (view.resolvedId() != null) {
                jdbc.update("UPDATE report_case SET ticket_id = ? WHERE id = ?", view.resolvedId(), caseId);
            }
            int relayed = 0;
            for (TicketAnswer answer : view.answers()) {
                if (relay.seen(answer.key())) {
                    continue;
                }
                String text = ReplyText.newText(answer.html() ? ReplyText.fromHtml(answer.text()) : answer.text());
                if (relay.relay(answer.key(), follower.name().toUpperCase(), kase, text, false) == Outcome.RELAYED) {
                    relayed++;
                }
            }
            if (view.closed() && !kase.closed()) {
                relay.closeFromTicket(kase);
                LOG.info("Case {}: {} ticket closed; the case is closed", kase.reference(), follower.name());
            }
            if (view.closed()) {
                jdbc.update("DELETE FROM ticket_follow WHERE case_id = ?", caseId);
                return;
            }
            jdbc.update("UPDATE ticket_follow SET polled_at = ?, failures = 0, last_error = NULL WHERE case_id = ?",
                    Timestamp.from(clock.instant()), caseId);
            if (relayed > 0) {
                LOG.info("Case {}: {} new answer(s) from {} relayed", kase.reference(), relayed, follower.name());
            }
        } catch (RuntimeException e) {
            Map<String, Object> row = jdbc.queryForMap("SELECT failures FROM ticket_follow WHERE case_id = ?", caseId);
            int failures = ((Number) row.get("failures")).intValue() + 1;
            Duration pause = properties.ticketEvery().multipliedBy(1L << Math.min(10, failures));
            if (pause.compareTo(MAX_PAUSE) > 0) {
                pause = MAX_PAUSE;
            }
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            jdbc.update("UPDATE ticket_follow SET failures = ?, next_poll_at = ?, last_error = ? WHERE case_id = ?",
                    failures, Timestamp.from(clock.instant().plus(pause)), reason.length() > 500 ? reason.substring(0, 500) : reason, caseId);
            LOG.warn("Case {}: following its {} ticket failed ({}); next look in {}", kase.reference(), follower.name(), reason, pause);
        }
    }

}
