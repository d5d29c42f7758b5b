package de.meldeweg.replies;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import de.meldeweg.texts.CitizenTexts;
import de.meldeweg.whatsapp.OutboundMessages;
import de.meldeweg.whatsapp.TemplateMessage;
import de.meldeweg.whatsapp.WhatsAppProperties;

/**
 * Answers that WhatsApp would not take as free text: outside the citizen's 24-hour window (or
 * answered 131047), the sender marks them {@code TEMPLATE_NEEDED}. Here they are held, the citizen
 * gets the approved template ({@code meldeweg.whatsapp.answer-template.*}: reference and a short
 * notice) once, and the held answers go out as soon as the citizen writes again, which opens the
 * window.
 */
@Component("heldAnswers")
public class HeldAnswers {

    public static final String NOTICE = "ANSWER_WAITING";
    static final String NOTICE_TEXT = "whatsapp/answer-waiting.txt";
    /** A citizen who got a notice within this time is not notified again for further answers. */
    private static final Duration NOTICE_AGAIN_AFTER = Duration.ofHours(24);
    private static final Logger LOG = LoggerFactory.getLogger(HeldAnswers.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final OutboundMessages outbound;
    private final CitizenTexts texts;
    private final Clock clock;
    private final String templateName;
    private final String templateLanguage;

    public HeldAnswers(JdbcTemplate jdbc, TransactionTemplate transaction, OutboundMessages outbound, CitizenTexts texts, Clock clock,
                       WhatsAppProperties whatsApp) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.outbound = outbound;
        this.texts = texts;
        this.clock = clock;
        this.templateName = whatsApp.answerTemplate().name();
        this.templateLanguage = whatsApp.answerTemplate().language();
    }

    /** One round: hold what WhatsApp would not take, notify, and release what may go out now. */
    public void check() {
        transaction.executeWithoutResult(status -> {
            hold();
            release();
        });
    }

    /** Answers and closing messages marked TEMPLATE_NEEDED are held; each citizen with new held answers is notified once. */
    void hold() {
        Instant now = clock.instant();
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT o.id, o.citizen_id FROM outbound_message o WHERE o.state = 'TEMPLATE_NEEDED' "
                + "AND o.purpose IN (?, ?) AND NOT EXISTS (SELECT 1 FROM reply_held h WHERE h.outbound_id = o.id) ORDER BY o.id",
                AnswerRelay.ANSWER, AnswerRelay.CASE_CLOSED);
        for (Map<String, Object> row : rows) {
            long id = ((Number) row.get("id")).longValue();
            long citizen = ((Number) row.get("citizen_id")).longValue();
            Long notice = recentNotice(citizen, now);
            if (notice == null) {
                notice = notify(citizen, id);
            }
            jdbc.update("INSERT INTO reply_held (outbound_id, citizen_id, held_at, notice_id) VALUES (?, ?, ?, ?)",
                    id, citizen, Timestamp.from(now), notice);
            LOG.info("WhatsApp message {} waits until citizen {} writes again (notice {})", id, citizen, notice);
        }
    }

    private Long recentNotice(long citizen, Instant now) {
        return jdbc.queryForList("SELECT notice_id FROM reply_held WHERE citizen_id = ? AND notice_id IS NOT NULL AND held_at > ? "
                + "ORDER BY held_at DESC", Long.class, citizen, Timestamp.from(now.minus(NOTICE_AGAIN_AFTER))).stream().findFirst().orElse(null);
    }

    private Long notify(long citizen, long outboundId) {
        if (templateName.isEmpty()) {
            LOG.warn("Citizen {} has an answer waiting outside the 24-hour window, but meldeweg.whatsapp.answer-template.name "
                    + "is not set: the answer goes out only when the citizen writes again", citizen);
            return null;
        }
        // The case of the answer; a closing message has no reply row, but names its reference.
        String reference = jdbc.queryForList("SELECT r.reference FROM reply_message m JOIN reply y ON y.id = m.reply_id "
                + "JOIN report_case r ON r.id = y.case_id WHERE m.outbound_id = ?", String.class, outboundId).stream().findFirst()
                .or(() -> jdbc.queryForList("SELECT body FROM outbound_message WHERE id = ?", String.class, outboundId).stream()
                        .map(outbound::open).map(MailReplies.REFERENCE::matcher).filter(java.util.regex.Matcher::find).map(java.util.regex.Matcher::group).findFirst())
                .orElseGet(() -> latestReference(citizen));
        TemplateMessage template = new TemplateMessage(templateName, templateLanguage,
                List.of(reference == null ? "-" : reference, texts.text(NOTICE_TEXT)));
        return outbound.enqueueTemplate(citizen, NOTICE, template);
    }

    private String latestReference(long citizen) {
        return jdbc.queryForList("SELECT reference FROM report_case WHERE citizen_id = ? ORDER BY id DESC", String.class, citizen)
                .stream().findFirst().orElse(null);
    }

    /** Whether the citizen has answers held for them (and was told, or is about to be). */
    public boolean waitingFor(long citizen) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM reply_held WHERE citizen_id = ?", Integer.class, citizen) > 0;
    }

    /** Held messages of citizens who wrote after they were held go back into the queue, in their order. */
    void release() {
        Instant now = clock.instant();
        List<Long> ready = jdbc.queryForList("SELECT h.outbound_id FROM reply_held h JOIN citizen c ON c.id = h.citizen_id "
                + "WHERE c.last_inbound_at > h.held_at ORDER BY h.outbound_id", Long.class);
        for (Long id : ready) {
            jdbc.update("UPDATE outbound_message SET state = 'PENDING', next_attempt_at = ?, last_error = NULL "
                    + "WHERE id = ? AND state = 'TEMPLATE_NEEDED'", Timestamp.from(now), id);
            jdbc.update("DELETE FROM reply_held WHERE outbound_id = ?", id);
        }
        if (!ready.isEmpty()) {
            LOG.info("{} held WhatsApp message(s) released: their citizens wrote again", ready.size());
        }
    }
}
