package de.meldeweg.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import de.meldeweg.directory.CaseClassifier;
import de.meldeweg.directory.Classification;
import de.meldeweg.privacy.PersonalDataCipher;
import de.meldeweg.privacy.RetentionProperties;
import de.meldeweg.security.AuditLog;

/**
 * Everything the case page shows about one case, without the citizen: its timeline, the
 * pseudonymized report (the text as departments got it, never the raw messages), its photos,
 * its deliveries. Phone number and profile name are never read.
 */
@Component
public class CaseFile {

    private final JdbcTemplate jdbc;
    private final PersonalDataCipher cipher;
    private final CaseClassifier classifier;
    private final RetentionProperties retention;
    private final AuditLog audit;
    private final ConsoleTime time;
    private final ConsoleText text;

    public CaseFile(JdbcTemplate jdbc, PersonalDataCipher cipher, CaseClassifier classifier, RetentionProperties retention, AuditLog audit,
                    ConsoleTime time, ConsoleText text) {
        this.text = text;
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.classifier = classifier;
        this.retention = retention;
        this.audit = audit;
        this.time = time;
    }

    public record Summary(long id, String reference, String state, String categoryCode, String category, String department,
                          String departmentEmail, boolean urgent, String ticketId, String createdAt, String closedAt, String purgeAt,
                          String report, List<String> matchedKeywords) {
    }

    public record Event(Instant at, String when, String what, String detail) {
    }

    public record Delivery(long id, String channel, String state, int attempts, String lastError, String createdAt, String deliveredAt) {
    }

    public record Photo(long messageId, int number) {
    }

    public record Review(String reason, String heldAt, String decision, String decidedAt) {
    }

    public Optional<Summary> summary(String reference) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT id, reference, state, category_code, category_name, department_name, "
                + "department_email, urgent, ticket_id, created_at, closed_at, report_enc FROM report_case WHERE reference = ?", reference);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> row = rows.get(0);
        Instant created = ConsoleTime.instant(row.get("created_at"));
        Instant closed = ConsoleTime.instant(row.get("closed_at"));
        Instant purge = created.plus(retention.maxAge());
        if (closed != null && closed.plus(retention.afterClosed()).isBefore(purge)) {
            purge = closed.plus(retention.afterClosed());
        }
        // report_enc holds the pseudonymized report (set when the case was screened and forwarded).
        String report = row.get("report_enc") == null ? null : cipher.decrypt((String) row.get("report_enc"));
        List<String> keywords = List.of();
        if (report != null && row.get("category_code") != null) {
            Classification classification = classifier.classify(report);
            keywords = classification.code().equals(row.get("category_code")) ? classification.matchedKeywords() : List.of();
        }
        return Optional.of(new Summary(((Number) row.get("id")).longValue(), reference, (String) row.get("state"),
                (String) row.get("category_code"), (String) row.get("category_name"), (String) row.get("department_name"),
                (String) row.get("department_email"), Boolean.TRUE.equals(row.get("urgent")), (String) row.get("ticket_id"),
                time.format(created), time.format(closed), time.format(purge), report, keywords));
    }

    public Optional<Review> review(long caseId) {
        return jdbc.query("SELECT reason, held_at, decision, decided_at FROM case_review WHERE case_id = ?", (rs, n) ->
                new Review(rs.getString(1), time.format(rs.getTimestamp(2)), rs.getString(3), time.format(rs.getTimestamp(4))), caseId)
                .stream().findFirst();
    }

    public List<Delivery> deliveries(long caseId) {
        return jdbc.query("SELECT id, channel, state, attempts, last_error, created_at, delivered_at FROM delivery WHERE case_id = ? ORDER BY id",
                (rs, n) -> new Delivery(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                        time.format(rs.getTimestamp(6)), time.format(rs.getTimestamp(7))), caseId);
    }

    public List<Photo> photos(long caseId) {
        List<Long> ids = jdbc.queryForList("SELECT m.id FROM inbound_message m JOIN inbound_media x ON x.message_id = m.id "
                + "WHERE m.case_id = ? AND x.content IS NOT NULL ORDER BY m.received_at, m.id", Long.class, caseId);
        List<Photo> photos = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            photos.add(new Photo(ids.get(i), i + 1));
        }
        return photos;
    }

    public record PhotoContent(byte[] content, String mime) {
    }

    public Optional<PhotoContent> photo(long caseId, long messageId) {
        return jdbc.query("SELECT x.content, x.mime FROM inbound_media x JOIN inbound_message m ON m.id = x.message_id "
                        + "WHERE m.case_id = ? AND m.id = ? AND x.content IS NOT NULL", (rs, n) -> new PhotoContent(rs.getBytes(1), rs.getString(2)),
                caseId, messageId).stream().findFirst();
    }

    /** What happened to the case, in order; texts are from messages.properties (keys), details never citizen data. */
    public List<Event> timeline(Summary summary) {
        long caseId = summary.id();
        List<Event> events = new ArrayList<>();
        jdbc.query("SELECT type, received_at FROM inbound_message WHERE case_id = ? ORDER BY received_at, id", rs -> {
            add(events, rs.getTimestamp(2), "image".equals(rs.getString(1)) ? "timeline.photo" : "timeline.text", null);
        }, caseId);
        Map<String, Object> row = jdbc.queryForMap("SELECT created_at, forwarded_at, closed_at FROM report_case WHERE id = ?", caseId);
        add(events, row.get("created_at"), "timeline.assembled", null);
        if (summary.categoryCode() != null) {
            add(events, row.get("created_at"), "timeline.classified", summary.category()
                    + (summary.matchedKeywords().isEmpty() ? "" : " (" + String.join(", ", summary.matchedKeywords()) + ")"));
        }
        if (summary.urgent()) {
            add(events, row.get("created_at"), "timeline.urgent", null);
        }
        review(caseId).ifPresent(r -> {
            Map<String, Object> times = jdbc.queryForMap("SELECT held_at, decided_at FROM case_review WHERE case_id = ?", caseId);
            add(events, times.get("held_at"), "timeline.held", r.reason());
            if (r.decision() != null) {
                add(events, times.get("decided_at"), "timeline.decided", r.decision());
            }
        });
        jdbc.query("SELECT channel, delivered_at FROM delivery WHERE case_id = ? AND delivered_at IS NOT NULL", rs -> {
            String channel = rs.getString(1);
            add(events, rs.getTimestamp(2), "timeline.delivered." + channel,
                    "TICKET".equals(channel) && summary.ticketId() != null ? summary.ticketId() : summary.department());
        }, caseId);
        jdbc.query("SELECT channel, outcome, received_at FROM reply WHERE case_id = ?", rs -> {
            add(events, rs.getTimestamp(3), "timeline.reply", rs.getString(1) + " " + rs.getString(2));
        }, caseId);
        for (AuditLog.Entry entry : audit.latest(summary.reference(), 100, 0)) {
            add(events, entry.at(), "timeline.audit", entry.actor() + ": " + text.label("audit.action.", entry.action())
                    + (entry.detail() == null || entry.detail().isBlank() ? "" : " – " + entry.detail()));
        }
        if (row.get("closed_at") != null) {
            add(events, row.get("closed_at"), "timeline.closed", null);
        }
        events.sort(Comparator.comparing(Event::at));
        return events;
    }

    private void add(List<Event> events, Object at, String what, String detail) {
        Instant instant = ConsoleTime.instant(at);
        if (instant != null) {
            events.add(new Event(instant, time.format(instant), what, detail));
        }
    }
}
