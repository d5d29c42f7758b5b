package de.meldeweg.cases;

import de.meldeweg.Backoff;
import de.meldeweg.GroupCommit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import de.meldeweg.directory.CaseClassifier;
import de.meldeweg.directory.Classification;
import de.meldeweg.location.Mention;
import de.meldeweg.location.ReportTexts;
import de.meldeweg.privacy.PersonalDataCipher;

/**
 * Readies an assembled case for its department: composes the report from the citizen's
 * messages, classifies it, and, once the route has looked up the department in the directory,
 * stores the pseudonymized report and the deliveries (mail and ticket) in one transaction.
 */
@Component("caseForwarding")
public class CaseForwarding {

    public static final String CATEGORY = "categoryCode";
    /** Exchange property set by case screening: whether the case looks like an emergency (its urgent flag). */
    public static final String URGENT = "urgent";
    /** Exchange property set by case screening: the report text as it read it ({@link de.meldeweg.directory.ReadText}), for the classification. */
    public static final String READ_TEXT = "readText";
    /** Exchange property of route case-enrich: whether the complaint office released the case (read with its text). */
    static final String RELEASED = "caseReleased";
    private static final Logger LOG = LoggerFactory.getLogger(CaseForwarding.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final PersonalDataCipher cipher;
    private final CaseClassifier classifier;
    private final Pseudonymizer pseudonymizer;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final Clock clock;
    private final int maxReportChars;
    private final int maxAttempts;
    private final Duration firstRetry;
    /** The enrichers' forwarding transactions, shared by those that finish at the same time. */
    private final GroupCommit forwards;
    private final CaseReferences references;

    public CaseForwarding(JdbcTemplate jdbc, TransactionTemplate transaction, PersonalDataCipher cipher,
                          CaseClassifier classifier, Pseudonymizer pseudonymizer, Clock clock,
                          CaseProperties settings, CaseReferences references) {
        this.jdbc = jdbc;
        this.references = references;
        this.transaction = transaction;
        this.cipher = cipher;
        this.classifier = classifier;
        this.pseudonymizer = pseudonymizer;
        this.clock = clock;
        this.maxReportChars = settings.maxReportChars();
        this.maxAttempts = settings.maxAttempts();
        this.firstRetry = settings.retryInitial();
        this.forwards = new GroupCommit(transaction, Math.max(1, settings.enrichers()) + 1);
    }

    /** The masked report as it is stored and forwarded: at most meldeweg.case.max-report-chars, trimmed visibly. */
    public String forwardedReport(String text) {
        return ReportLength.capped(pseudonymizer.mask(text), maxReportChars);
    }

    /**
     * The report text of the case in route case-enrich, read and decrypted once per enrichment
     * (kept in the exchange property {@link ReportTexts#PROPERTY}). The same statement reads what
     * the enrichment needs of the case besides the text: the review decision ({@link #released}),
     * the shared location, the reference and whether the case was enriched before
     * ({@link ReportTexts#READ}).
     */
    public String reportText(Exchange exchange, long caseId) {
        String text = exchange.getProperty(ReportTexts.PROPERTY, String.class);
        if (text == null) {
            CaseRead read = read(caseId);
            text = read.text();
            exchange.setProperty(ReportTexts.PROPERTY, text);
            exchange.setProperty(ReportTexts.READ, new ReportTexts.Read(read.reference(), read.shared(), read.enrichedBefore()));
            exchange.setProperty(RELEASED, read.released());
        }
        return text;
    }

    /** Whether the complaint office released the case (it is not held for review again); read with the report text. */
    public boolean released(Exchange exchange, long caseId) {
        reportText(exchange, caseId);
        return Boolean.TRUE.equals(exchange.getProperty(RELEASED, Boolean.class));
    }

    /** The report text of a case: the citizen's texts and photo captions in the order they came. */
    public String reportText(long caseId) {
        return read(caseId).text();
    }

    private record CaseRead(String text, String reference, Mention shared, boolean released, boolean enrichedBefore) {
    }

    /**
     * One statement: the case row (reference, review decision, whether a category, a place or links
     * of an earlier enrichment are there) with its messages in the order they came (one row per
     * message; one row without message for a case without any).
     */
    private CaseRead read(long caseId) {
        List<String> parts = new ArrayList<>();
        String[] reference = {null};
        boolean[] released = {false};
        boolean[] enrichedBefore = {true};
        double[] point = new double[2];
        boolean[] located = {false};
        jdbc.query("SELECT c.reference, r.decision, (c.category_code IS NOT NULL "
                + "OR EXISTS (SELECT 1 FROM case_location l WHERE l.case_id = c.id) "
                + "OR EXISTS (SELECT 1 FROM case_similar s WHERE s.case_id = c.id)) AS enriched, "
                + "m.id, m.type, m.text_enc, m.latitude, m.longitude FROM report_case c "
                + "LEFT JOIN case_review r ON r.case_id = c.id LEFT JOIN inbound_message m ON m.case_id = c.id "
                + "WHERE c.id = ? ORDER BY m.received_at, m.id", rs -> {
            reference[0] = rs.getString(1);
            released[0] = "RELEASED".equals(rs.getString(2));
            enrichedBefore[0] = rs.getBoolean(3);
            if (rs.getObject(4) == null) {
                return;
            }
            String text = cipher.decrypt(rs.getString(6));
            if ("image".equals(rs.getString(5))) {
                parts.add(text == null || text.isBlank() ? "[Foto]" : "[Foto] " + text);
            } else if (text != null) {
                parts.add(text);
            }
            // The last location the citizen shared for the case (only with "location" accepted).
            double latitude = rs.getDouble(7);
            boolean hasLatitude = !rs.wasNull();
            double longitude = rs.getDouble(8);
            if (hasLatitude && !rs.wasNull()) {
                point[0] = latitude;
                point[1] = longitude;
                located[0] = true;
            }
        }, caseId);
        return new CaseRead(String.join("\n\n", parts), reference[0], located[0] ? Mention.shared(point[0], point[1]) : null,
                released[0], enrichedBefore[0]);
    }

    /**
     * Classifies the case in the body; the category code goes into a header for the directory lookup. The
     * emergency check of case screening (exchange property {@code urgent}) is used, not made again, and so is its
     * reading of the text (exchange property {@code readText}).
     */
    public void classify(Exchange exchange) {
        long caseId = exchange.getMessage().getBody(Long.class);
        String text = reportText(exchange, caseId);
        Boolean urgent = exchange.getProperty(URGENT, Boolean.class);
        de.meldeweg.directory.ReadText read = exchange.getProperty(READ_TEXT, de.meldeweg.directory.ReadText.class);
        Classification classification = urgent == null ? classifier.classify(text)
                : read != null && read.text().equals(text) ? classifier.classify(read, urgent) : classifier.classify(text, urgent);
        exchange.setProperty("caseId", caseId);
        exchange.setProperty("classification", classification);
        exchange.getMessage().setHeader(CATEGORY, classification.code());
        LOG.info("Case {} classified as {} (keywords {})", references.of(caseId), classification.code(),
                classification.matchedKeywords());
    }

    /**
     * Stores category, department and pseudonymized report with the case, what the enrichment found
     * (place, similar cases, language: {@link ReportTexts#WRITES}) and queues its deliveries, all
     * in one transaction, one commit (shared with the other enrichers' cases that are forwarded at
     * the same moment, see {@link GroupCommit}). The body is the directory row of the category.
     */
    public void forward(Exchange exchange) {
        long caseId = exchange.getProperty("caseId", Long.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> directory = exchange.getMessage().getBody(Map.class);
        if (directory == null || directory.isEmpty()) {
            throw new IllegalStateException("category " + exchange.getMessage().getHeader(CATEGORY) + " is not in the department directory");
        }
        String report = forwardedReport(reportText(exchange, caseId));
        ReportTexts.Writes enrichment = exchange.getProperty(ReportTexts.WRITES, ReportTexts.Writes.class);
        ReportTexts.Read read = exchange.getProperty(ReportTexts.READ, ReportTexts.Read.class);
        // A first enrichment (the case's read found no category, place or links) inserts its place
        // and links without deleting first. Whether it is one is decided under the case row's lock:
        // the update takes the row only while it still has no category (another enrichment of the
        // same case that forwarded it meanwhile set one); otherwise it is updated as a case enriched before.
        boolean first = read != null && !read.enrichedBefore();
        Timestamp now = Timestamp.from(clock.instant());
        boolean forwarding = Boolean.TRUE.equals(forwards.run(() -> {
            boolean replacing = !first;
            int updated = forwardingUpdate(caseId, directory, report, first);
            if (updated == 0 && first) {
                updated = forwardingUpdate(caseId, directory, report, false);
                replacing = true;
            }
            if (updated == 1) {
                if (enrichment != null) {
                    enrichment.write(replacing);
                }
                // Both deliveries in one statement (one round trip less inside the shared commit).
                jdbc.update("INSERT INTO delivery (case_id, channel, state, next_attempt_at, created_at) "
                        + "VALUES (?, 'MAIL', 'PENDING', ?, ?), (?, 'TICKET', 'PENDING', ?, ?)", caseId, now, now, caseId, now, now);
            }
            return updated == 1;
        }));
        if (forwarding) {
            LOG.info("Case {}: forwarding to {} (mail and ticket queued)", references.of(caseId), directory.get("dept_key"));
        }
    }

    /** The case row's update to FORWARDING; {@code firstOnly}: only while the row has no category yet. */
    private int forwardingUpdate(long caseId, Map<String, Object> directory, String report, boolean firstOnly) {
        return jdbc.update("UPDATE report_case SET state = 'FORWARDING', category_code = ?, dept_key = ?, report_enc = ?, "
                + "category_name = ?, department_name = ?, department_email = ?, ticket_queue = ?, service_code = ? "
                + "WHERE id = ? AND state = 'ASSEMBLED'" + (firstOnly ? " AND category_code IS NULL" : ""), directory.get("code"),
                directory.get("dept_key"), cipher.encrypt(report), directory.get("category_name"), directory.get("department_name"),
                directory.get("email"), directory.get("ticket_queue"), directory.get("service_code"), caseId);
    }

    /**
     * Cases assembled but not forwarded yet (after a restart, or when forwarding failed), the
     * longest due first. A case that failed waits for its next attempt, so cases that keep failing
     * never take the places of the others.
     */
    public List<Long> waiting() {
        // A case waits until each of its photos has been fetched or has failed once.
        return jdbc.queryForList("SELECT c.id FROM report_case c WHERE c.state = 'ASSEMBLED' "
                + "AND (c.next_attempt_at IS NULL OR c.next_attempt_at <= ?) AND NOT EXISTS ("
                + "SELECT 1 FROM inbound_message m JOIN inbound_media x ON x.message_id = m.id WHERE m.case_id = c.id "
                + "AND (x.state = 'FETCHING' OR (x.state = 'PENDING' AND x.attempts = 0))) "
                + "ORDER BY c.next_attempt_at NULLS FIRST, c.id FETCH FIRST 50 ROWS ONLY", Long.class, Timestamp.from(clock.instant()));
    }

    /**
     * Forwarding the case failed: it is tried again with exponential backoff, and after
     * meldeweg.case.max-attempts it becomes a dead letter (state DEAD) that an admin sees in
     * /admin/dead-letters and in the metric meldeweg.dead.letters{channel="case"}.
     */
    public void failed(Exchange exchange) {
        Long caseId = exchange.getProperty("caseId", Long.class);
        if (caseId == null) {
            return;
        }
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        // Exception texts name the failing statement or lookup, not the citizen's text; bounded anyway.
        String reason = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + bounded(cause.getMessage());
        Instant now = clock.instant();
        Integer attempts = transaction.execute(status -> {
            List<Integer> rows = jdbc.queryForList("SELECT attempts FROM report_case WHERE id = ? AND state = 'ASSEMBLED' FOR UPDATE",
                    Integer.class, caseId);
            if (rows.isEmpty()) {
                return null;
            }
            int attempt = rows.get(0) + 1;
            if (attempt >= maxAttempts) {
                jdbc.update("UPDATE report_case SET state = 'DEAD', attempts = ?, last_error = ? WHERE id = ?", attempt, reason, caseId);
            } else {
                Duration backoff = new Backoff(firstRetry, MAX_BACKOFF).after(attempt);
                jdbc.update("UPDATE report_case SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
                        attempt, Timestamp.from(now.plus(backoff)), reason, caseId);
            }
            return attempt;
        });
        if (attempts == null) {
            return;
        }
        String reference = references.of(caseId);
        if (attempts >= maxAttempts) {
            LOG.error("Case {} could not be forwarded after {} attempts and is a dead letter (see /admin/dead-letters): {}",
                    reference, attempts, reason);
        } else {
            LOG.warn("Case {} could not be forwarded yet (attempt {} of {}): {}", reference, attempts, maxAttempts, reason);
        }
    }

    private static String bounded(String message) {
        if (message == null) {
            return "";
        }
        String oneLine = message.replaceAll("\\s+", " ");
        return oneLine.length() <= 500 ? oneLine : oneLine.substring(0, 500);
    }
}
