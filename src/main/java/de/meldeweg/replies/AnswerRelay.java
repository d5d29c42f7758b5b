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
        /** With a valid token, but from an address the directory does not allow for the case's department. */
        REFUSED,
        /** Its Authentication-Results (of our mail server) do not show the required verdict: the sender may be forged. */
        UNAUTHENTICATED,
        /** For a case that is closed already: not relayed, a dead letter for the admin. */
        CLOSED,
        /** Seen before: relayed or refused already. */
        DUPLICATE
    }

    /** A case as far as answering needs it. */
    public record CaseInfo(long id, String reference, Long citizenId, boolean citizenKnown, String departmentName,
                           String departmentEmail, boolean closed, String deptKey) {
    }

    /** The dead-letter channel of an answer that came after its case was closed (GET /admin/dead-letters). */
    public static final String LATE_ANSWER = "LATE_ANSWER";

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
                "mail/reply-subject.txt", "mail/reply-not-relayed.txt")) {
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
        return jdbc.query("SELECT r.id, r.reference, r.citizen_id, c.id AS known, r.department_name, r.department_email, r.closed_at, "
                        + "r.dept_key FROM report_case r LEFT JOIN citizen c ON c.id = r.citizen_id WHERE " + where,
                (rs, n) -> new CaseInfo(rs.getLong("id"), rs.getString("reference"),
                        rs.getObject("citizen_id") == null ? null : rs.getLong("citizen_id"),
                        rs.getObject("known") != null, rs.getString("department_name"), rs.getString("department_email"),
                        rs.getObject("closed_at") != null, rs.getString("dept_key")), arg).stream().findFirst();
    }

    /**
     * The addresses an answer to this case may come from: the address the case went to (as the
     * directory said then) and the department's {@code reply-from} addresses in the directory now.
     * Exact addresses, lower case; never a whole domain.
     */
    public java.util.Set<String> allowedSenders(CaseInfo kase) {
        java.util.Set<String> allowed = new java.util.LinkedHashSet<>();
        java.util.function.Consumer<String> add = list -> {
            if (list != null) {
                for (String address : list.split(",")) {
                    String a = address.strip().toLowerCase(java.util.Locale.ROOT);
                    if (a.contains("@")) {
                        allowed.add(a);
                    }
                }
            }
        };
        add.accept(kase.departmentEmail());
        if (kase.deptKey() != null) {
            jdbc.queryForList("SELECT reply_from FROM department WHERE dept_key = ?", String.class, kase.deptKey()).forEach(add);
        }
        return allowed;
    }

    /**
     * An answer by mail arrived for a closed case: a dead letter of the case (channel
     * {@link #LATE_ANSWER}) that the admin sees in GET /admin/dead-letters; a retry there only
     * takes it off the list. Several late answers of one case count up in the one row.
     */
    public void lateAnswer(CaseInfo kase, String channel) {
        Timestamp now = Timestamp.from(clock.instant());
        String note = "An answer by " + channel.toLowerCase(java.util.Locale.ROOT)
                + " arrived after the case was closed; it was not relayed to the citizen";
        transaction.executeWithoutResult(status -> {
            if (jdbc.update("UPDATE delivery SET state = 'DEAD', attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
                    + "WHERE case_id = ? AND channel = ?", note, now, kase.id(), LATE_ANSWER) == 0) {
                jdbc.update("INSERT INTO delivery (case_id, channel, state, attempts, next_attempt_at, last_error, created_at) "
                        + "VALUES (?, ?, 'DEAD', 1, ?, ?, ?)", kase.id(), LATE_ANSWER, now, note, now);
            }
        });
        LOG.warn("Case {}: an answer by {} arrived after the case was closed; not relayed, listed as dead letter {} for the admin",
                kase.reference(), channel, LATE_ANSWER);
    }

    /**
     * Whether {@code senderHash} may get an explanation now: at most one per sender within
     * {@code every}, across instances (the row's key decides). Reserves the slot when it may.
     */
    public boolean mayExplain(String senderHash, java.time.Duration every) {
        java.time.Instant now = clock.instant();
        return Boolean.TRUE.equals(transaction.execute(status -> {
            jdbc.update("DELETE FROM reply_explanation WHERE explained_at <= ?", Timestamp.from(now.minus(every)));
            if (jdbc.queryForObject("SELECT COUNT(*) FROM reply_explanation WHERE sender_hash = ?", Integer.class, senderHash) > 0) {
                return false;
            }
            try {
                jdbc.update("INSERT INTO reply_explanation (sender_hash, explained_at) VALUES (?, ?)", senderHash, Timestamp.from(now));
                return true;
            } catch (org.springframework.dao.DuplicateKeyException e) {
                return false;
            }
        }));
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
        Outcome result = transaction.execute(status -> {
            // Closed meanwhile (by another answer, the ticket, an admin): nothing more reaches the citizen.
            List<Object> closedAt = jdbc.queryForList("SELECT closed_at FROM report_case WHERE id = ?", Object.class, kase.id());
            if (closedAt.isEmpty() || closedAt.get(0) != null) {
                return insert(sourceKey, channel, kase.id(), Outcome.CLOSED) == null ? Outcome.DUPLICATE : Outcome.CLOSED;
            }
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
        if (result == Outcome.CLOSED) {
            lateAnswer(kase, channel);
        }
        return result;
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
