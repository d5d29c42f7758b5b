package de.meldeweg.replies;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import de.meldeweg.cases.CaseClosing;
import de.meldeweg.texts.CitizenTexts;
import de.meldeweg.whatsapp.OutboundMessages;

/**
 * Takes a department's answer (from the reply mailbox or the ticket system) to the citizen:
 * recorded once under its source key, in one transaction with the WhatsApp messages it becomes
 * and, when it closes the case, with the closing through {@link CaseClosing} and the closing
 * message. Whether the 24-hour window is open is decided when the message is sent
 * ({@code GraphApi}); answers that must wait are handled by {@link HeldAnswers}.
 */
@Component("answerRelay")
public class AnswerRelay {

    public static final String ANSWER = "ANSWER";
    public static final String CASE_CLOSED = "CASE_CLOSED";
    static final String ANSWER_TEXT = "whatsapp/answer.txt";
    static final String CLOSED_TEXT = "whatsapp/case-closed.txt";
    static final String SHORTENED_TEXT = "whatsapp/answer-shortened.txt";

    private static final Logger LOG = LoggerFactory.getLogger(AnswerRelay.class);

    /** What happened to an answer. */
    public enum Outcome {
        /** Relayed to the citizen (maybe waiting for the 24-hour window). */
        RELAYED,
        /** Nothing new to relay (only quotes, or an empty note), but closing may have happened. */
        EMPTY,
        /** The case's citizen erased their data: nobody to relay to. */
        ERASED,
        /** No case matches. */
        UNMATCHED,
        /** An automatic answer (out of office, delivery report): not relayed. */
        AUTOMATIC,
        /** From a sender outside the department's domain and the allowed ones. */
        REFUSED,
        /** Seen before: relayed or refused already. */
        DUPLICATE,
        /** Came after the case was closed: not relayed, a dead letter for an admin. */
        LATE
    }

    /** A case as far as answering needs it. */
    public record CaseInfo(long id, String reference, Long citizenId, boolean citizenKnown, String departmentName,
                           String departmentEmail, boolean closed) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final OutboundMessages outbound;
    private final CaseClosing closing;
    private final CitizenTexts texts;
    private final ReplyProperties properties;
    private final Clock clock;

    public AnswerRelay(JdbcTemplate jdbc, TransactionTemplate transaction, OutboundMessages outbound, CaseClosing closing,
                       CitizenTexts texts, ReplyProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.outbound = outbound;
        this.closing = closing;
        this.texts = texts;
        this.properties = properties;
        this.clock = clock;
        // Fail at start-up, not when the first answer arrives, if an admin removed a text.
        for (String name : List.of(ANSWER_TEXT, CLOSED_TEXT, SHORTENED_TEXT, HeldAnswers.NOTICE_TEXT,
                "mail/reply-subject.txt", "mail/reply-unmatched.txt", "mail/reply-erased.txt")) {
            texts.text(name);
        }
    }

    public Optional<CaseInfo> caseByReference(String reference) {
        return find("r.reference = ?", reference);
    }

    public Optional<CaseInfo> caseById(long id) {
        return find("r.id = ?", id);
    }

    private Optional<CaseInfo> find(String where, Object arg) {
        return jdbc.query("SELECT r.id, r.reference, r.citizen_id, c.id AS known, r.department_name, r.department_email, r.closed_at "
                        + "FROM report_case r LEFT JOIN citizen c ON c.id = r.citizen_id WHERE " + where,
                (rs, n) -> new CaseInfo(rs.getLong("id"), rs.getString("reference"),
                        rs.getObject("citizen_id") == null ? null : rs.getLong("citizen_id"),
                        rs.getObject("known") != null, rs.getString("department_name"), rs.getString("department_email"),
                        rs.getObject("closed_at") != null), arg).stream().findFirst();
    }

    public boolean seen(String sourceKey) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM reply WHERE source_key = ?", Integer.class, sourceKey);
        return n != null && n > 0;
    }

    /** Records an answer that is not relayed (unmatched, erased, automatic, refused), so it is not looked at again. */
    public boolean record(String sourceKey, String channel, Long caseId, Outcome outcome) {
        return Boolean.TRUE.equals(transaction.execute(status -> insert(sourceKey, channel, caseId, outcome) != null));
    }

    /**
     * Relays an answer's new text to the case's citizen and closes the case when {@code closes}.
     * Returns {@link Outcome#DUPLICATE} when the source key was recorded before.
     */
    public Outcome relay(String sourceKey, String channel, CaseInfo kase, String newText, boolean closes) {
        return transaction.execute(status -> {
            boolean erased = kase.citizenId() == null || !kase.citizenKnown();
            boolean empty = newText == null || newText.isBlank();
            Outcome outcome = erased ? Outcome.ERASED : empty ? Outcome.EMPTY : Outcome.RELAYED;
            Long replyId = insert(sourceKey, channel, kase.id(), outcome);
            if (replyId == null) {
                return Outcome.DUPLICATE;
            }
            if (outcome == Outcome.RELAYED) {
                List<Long> ids = new ArrayList<>();
                for (String part : messages(kase, newText)) {
                    ids.add(outbound.enqueueReturningId(kase.citizenId(), ANSWER, part));
                }
                for (Long id : ids) {
                    jdbc.update("INSERT INTO reply_message (reply_id, outbound_id) VALUES (?, ?)", replyId, id);
                }
                LOG.info("Case {}: answer from {} relayed to the citizen as {} WhatsApp message(s)", kase.reference(), channel, ids.size());
            } else {
                LOG.info("Case {}: answer from {} not relayed ({})", kase.reference(), channel, outcome);
            }
            if (closes) {
                close(kase, channel.equals("MAIL") ? CaseClosing.ClosedBy.MAIL_MARKER : CaseClosing.ClosedBy.TICKET, erased);
            }
            return outcome;
        });
    }

    /** Closes the case (ticket closed without a new public answer); the citizen is told once. */
    public void closeFromTicket(CaseInfo kase) {
        transaction.executeWithoutResult(status -> close(kase, CaseClosing.ClosedBy.TICKET,
                kase.citizenId() == null || !kase.citizenKnown()));
    }

    private void close(CaseInfo kase, CaseClosing.ClosedBy by, boolean erased) {
        if (closing.close(kase.id(), by) && !erased) {
            outbound.enqueueReturningId(kase.citizenId(), CASE_CLOSED, texts.render(CLOSED_TEXT, values(kase, "")));
        }
    }

    /** The answer as the citizen reads it, in as many messages as needed (at most meldeweg.replies.max-parts). */
    List<String> messages(CaseInfo kase, String newText) {
        String whole = texts.render(ANSWER_TEXT, values(kase, newText));
        if (whole.length() <= ReplyText.WHATSAPP_LIMIT) {
            return List.of(whole);
        }
        int labelRoom = 12;
        List<String> parts = ReplyText.split(whole, ReplyText.WHATSAPP_LIMIT - labelRoom, properties.maxParts(),
                texts.render(SHORTENED_TEXT, values(kase, "")));
        List<String> labelled = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            labelled.add("(" + (i + 1) + "/" + parts.size() + ") " + parts.get(i));
        }
        return labelled;
    }

    private static Map<String, String> values(CaseInfo kase, String text) {
        return Map.of("reference", kase.reference(),
                "department", kase.departmentName() == null ? "der Stadtverwaltung" : kase.departmentName(),
                "text", text);
    }

    /** Inserts the reply row; null when the key exists already (a unique key, so also across instances). */
    private Long insert(String sourceKey, String channel, Long caseId, Outcome outcome) {
        if (seen(sourceKey)) {
            return null;
        }
        try {
            jdbc.update("INSERT INTO reply (source_key, channel, case_id, outcome, received_at) VALUES (?, ?, ?, ?, ?)",
                    sourceKey, channel, caseId, outcome.name(), Timestamp.from(clock.instant()));
        } catch (org.springframework.dao.DuplicateKeyException e) {
            return null;
        }
        return jdbc.queryForObject("SELECT id FROM reply WHERE source_key = ?", Long.class, sourceKey);
    }
}
