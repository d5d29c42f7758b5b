package de.meldeweg.privacy;

import de.meldeweg.PersonalDataTables;
import de.meldeweg.MeldewegProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The retention purge: deletes personal data whose time is up, in short transactions of at most
 * {@code meldeweg.retention.batch-size} rows, so intake and the webhook are never held up.
 *
 * <ul>
 * <li>cases closed longer than {@code after-closed} ago, with their messages, photos and
 *     deliveries; counted first into {@code case_statistics} (month, category, department);</li>
 * <li>whatever is older than {@code max-age}, in any state: cases, messages, WhatsApp messages
 *     to citizens, raw webhook events;</li>
 * <li>messages that never become part of a case (types we do not take, calls, system notices)
 *     once WhatsApp can no longer redeliver them (seven days): they exist only for deduplication;</li>
 * <li>our finished WhatsApp messages to citizens older than {@code after-closed};</li>
 * <li>photo bytes {@code media-after} once the case reached the department on every channel;</li>
 * <li>processed raw webhook events and WhatsApp's error reports older than {@code events-after};</li>
 * <li>citizens with nothing left and no message for {@code after-closed};</li>
 * <li>the console's audit log ({@code console_audit}: staff names, case references, reasons) older than
 *     {@code console-audit-after};</li>
 * <li>files in the outbox folder older than {@code after-closed};</li>
 * <li>processed answer mails in the reply mailbox's {@code meldeweg.mail.imap.move-to} folder that
 *     arrived longer than {@code after-closed} ago (counted as files).</li>
 * </ul>
 *
 * <p>Each run is recorded in {@code retention_run} and logged as one line of counts; the counter
 * {@code meldeweg.retention.purged} (tag {@code kind}) adds them up. Nothing personal is logged.
 */
@Component("retentionPurge")
public class RetentionPurge {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);
    private static final List<String> KINDS = List.of("cases", "messages", "media", "outbound", "citizens", "events", "errors", "erasure-keys",
            "files", "audits", "console-audit");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final RetentionProperties retention;
    private final Clock clock;
    private final Path outboxDir;
    private final ZoneId zone;
    private final MeterRegistry meters;
    private final String instance;
    private final Map<String, PersonalDataTables.Table> tables;
    private final List<PersonalDataTables> features;

    public RetentionPurge(JdbcTemplate jdbc, TransactionTemplate transaction, RetentionProperties retention, Clock clock,
                          MeldewegProperties meldeweg, ObjectProvider<MeterRegistry> meters,
                          List<PersonalDataTables> features) {
        this.tables = PersonalDataTables.registered(features);
        this.features = List.copyOf(features);
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.retention = retention;
        this.clock = clock;
        this.outboxDir = Path.of(meldeweg.outboxDir());
        this.zone = meldeweg.timeZone();
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.instance = clip(ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** The tables with personal data that the purge keeps within their retention, as the features registered them. */
    public List<PersonalDataTables.Table> personalDataTables() {
        return tables.values().stream().filter(PersonalDataTables.Table::personalData).toList();
    }

    /** What one run removed, by kind, and in how many transactions. */
    public record Report(Map<String, Integer> removed, int batches, List<String> failures) {
        public int removed(String kind) {
            return removed.getOrDefault(kind, 0);
        }
    }

    /** One purge run; {@code scheduledFor} is the Quartz fire time it serves (null when started by hand). */
    public Report run(@Header("scheduledFireTime") Date scheduledFor) {
        Instant now = clock.instant();
        long started = System.nanoTime();
        Long runId = transaction.execute(status -> {
            jdbc.update("INSERT INTO retention_run (instance, scheduled_for, started_at) VALUES (?, ?, ?)",
                    instance, scheduledFor == null ? null : new Timestamp(scheduledFor.getTime()), Timestamp.from(now));
            return jdbc.queryForObject("SELECT MAX(id) FROM retention_run WHERE instance = ?", Long.class, instance);
        });
        Run run = new Run();
        Timestamp closedBefore = Timestamp.from(now.minus(retention.afterClosed()));
        Timestamp olderThanMax = Timestamp.from(now.minus(retention.maxAge()));
        Timestamp redelivered = Timestamp.from(now.minus(RetentionProperties.REDELIVERY_WINDOW));
        Timestamp eventsBefore = Timestamp.from(now.minus(retention.eventsAfter()));
        Timestamp mediaBefore = Timestamp.from(now.minus(retention.mediaAfter()));

        run.step("cases", () -> purgeCases("closed_at < ?", closedBefore, run));
        run.step("cases", () -> purgeCases("created_at < ?", olderThanMax, run));
        run.step("messages", () -> deleteInBatches("messages", run,
                "SELECT id FROM inbound_message WHERE received_at < ?", olderThanMax, "inbound_message"));
        run.step("messages", () -> deleteInBatches("messages", run,
                "SELECT id FROM inbound_message WHERE accepted = FALSE AND case_id IS NULL AND received_at < ?", redelivered, "inbound_message"));
        run.step("outbound", () -> deleteInBatches("outbound", run,
                "SELECT id FROM outbound_message WHERE created_at < ? AND state NOT IN ('PENDING', 'SENDING')", closedBefore, "outbound_message"));
        run.step("outbound", () -> deleteInBatches("outbound", run,
                "SELECT id FROM outbound_message WHERE created_at < ?", olderThanMax, "outbound_message"));
        run.step("media", () -> expireMedia(mediaBefore, run));
        run.step("events", () -> deleteInBatches("events", run,
                "SELECT id FROM webhook_event WHERE state IN ('PROCESSED', 'IGNORED') AND processed_at < ?", eventsBefore, "webhook_event"));
        run.step("events", () -> deleteInBatches("events", run,
                "SELECT id FROM webhook_event WHERE received_at < ?", olderThanMax, "webhook_event"));
        run.step("errors", () -> deleteInBatches("errors", run,
                "SELECT id FROM whatsapp_error WHERE recorded_at < ?", eventsBefore, "whatsapp_error"));
        // Erasure keeps the keyed hashes of erased message ids only while Meta may redeliver them.
        Timestamp erasedBefore = Timestamp.from(now.minus(Erasure.KEEP_ERASED_KEYS));
        run.step("erasure-keys", () -> transaction.executeWithoutResult(status -> run.add("erasure-keys",
                jdbc.update("DELETE FROM erased_message WHERE erased_at < ?", erasedBefore))));
        // The proof of an erasure (keyed hashes and counts, no content) ends after meldeweg.retention.audit-after.
        Timestamp auditsBefore = Timestamp.from(now.minus(retention.auditAfter()));
        run.step("audits", () -> transaction.executeWithoutResult(status -> {
            jdbc.update("DELETE FROM erased_message WHERE erasure_id IN (SELECT id FROM erasure_audit WHERE erased_at < ?)", auditsBefore);
            jdbc.update("UPDATE outbound_message SET erasure_id = NULL WHERE erasure_id IN (SELECT id FROM erasure_audit WHERE erased_at < ?)",
                    auditsBefore);
            run.add("audits", jdbc.update("DELETE FROM erasure_audit WHERE erased_at < ?", auditsBefore));
        }));
        // The console's audit log names staff; it ends after meldeweg.retention.console-audit-after.
        Timestamp consoleAuditBefore = Timestamp.from(now.minus(retention.consoleAuditAfter()));
        run.step("console-audit", () -> deleteInBatches("console-audit", run,
                "SELECT id FROM console_audit WHERE at < ?", consoleAuditBefore, "console_audit"));
        run.step("citizens", () -> purgeCitizens(closedBefore, run));
        run.step("files", () -> purgeOutboxFiles(now.minus(retention.afterClosed()), run));
        // what the features keep outside the database (processed answer mails in meldeweg.mail.imap.move-to, ...)
        for (PersonalDataTables feature : features) {
            run.step("files", () -> run.add("files", feature.purgeOutsideTheDatabase(now.minus(retention.afterClosed()))));
        }

        long millis = (System.nanoTime() - started) / 1_000_000;
        String outcome = run.failures.isEmpty() ? "OK" : clip("FAILED: " + String.join(", ", run.failures));
        transaction.executeWithoutResult(status -> jdbc.update("UPDATE retention_run SET finished_at = ?, cases = ?, messages = ?, "
                        + "media = ?, outbound = ?, citizens = ?, events = ?, errors = ?, files = ?, batches = ?, outcome = ? WHERE id = ?",
                Timestamp.from(clock.instant()), run.get("cases"), run.get("messages"), run.get("media"), run.get("outbound"),
                run.get("citizens"), run.get("events"), run.get("errors"), run.get("files"), run.batches, outcome, runId));
        KINDS.forEach(kind -> meters.counter("meldeweg.retention.purged", "kind", kind).increment(run.get(kind)));
        meters.counter("meldeweg.retention.runs", "outcome", run.failures.isEmpty() ? "ok" : "failed").increment();
        String summary = String.format("Retention purge %d: removed %d cases, %d messages, %d photos, %d WhatsApp messages, "
                        + "%d citizens, %d webhook events, %d WhatsApp errors, %d outbox files, %d erasure audit rows, %d console audit rows in %d batches, %d ms",
                runId, run.get("cases"), run.get("messages"), run.get("media"), run.get("outbound"), run.get("citizens"),
                run.get("events"), run.get("errors"), run.get("files"), run.get("audits"), run.get("console-audit"), run.batches, millis);
        if (run.failures.isEmpty()) {
            LOG.info(summary);
        } else {
            LOG.warn("{}; failed: {} (the rest runs again at the next schedule)", summary, String.join(", ", run.failures));
        }
        return new Report(Collections.unmodifiableMap(run.removed), run.batches, List.copyOf(run.failures));
    }

    /** Counts of one run. A failing step is recorded and the others still run. */
    private static final class Run {
        final Map<String, Integer> removed = new LinkedHashMap<>();
        final List<String> failures = new ArrayList<>();
        int batches;

        Run() {
            KINDS.forEach(kind -> removed.put(kind, 0));
        }

        int get(String kind) {
            return removed.get(kind);
        }

        void add(String kind, int n) {
            removed.merge(kind, n, Integer::sum);
        }

        void step(String kind, Runnable step) {
            long started = System.nanoTime();
            try {
                step.run();
                LOG.debug("Retention purge: {} step done in {} ms ({} removed so far, {} batches)", kind,
                        (System.nanoTime() - started) / 1_000_000, removed.get(kind), batches);
            } catch (RuntimeException e) {
                // Exception texts of the database name tables and constraints, not citizens.
                LOG.warn("Retention purge: removing {} failed: {}", kind, e.getClass().getSimpleName());
                if (!failures.contains(kind)) {
                    failures.add(kind);
                }
            }
        }
    }

    /**
     * Runs a batch (one transaction) until one takes fewer rows than a batch holds. A batch that
     * collides with another instance (a statistics row inserted at the same moment, a deadlock) is
     * tried again.
     */
    private void inBatches(Run run, IntSupplier batch) {
        int taken;
        do {
            taken = -1;
            for (int attempt = 1; taken < 0; attempt++) {
                try {
                    taken = transaction.execute(status -> batch.getAsInt());
                } catch (DuplicateKeyException | ConcurrencyFailureException e) {
                    if (attempt >= 3) {
                        throw e;
                    }
                }
            }
            run.batches++;
        } while (taken >= retention.batchSize());
    }

    /** Ids of the next batch: the first rows that match. */
    private List<Long> candidates(String select, Object... args) {
        return jdbc.queryForList(select + " ORDER BY id FETCH FIRST " + retention.batchSize() + " ROWS ONLY", Long.class, args);
    }

    /**
     * Locks the next batch in two steps: finds the candidates, then locks just those rows and checks
     * the condition again under the lock, skipping rows another transaction holds. (One
     * {@code ... FETCH FIRST n ROWS ONLY FOR UPDATE} would make H2 lock every matching row before it
     * applies the limit.) Returns the locked ids, and in {@code candidates} how many were found.
     */
    private List<Long> lockBatch(String select, Object arg, int[] found) {
        List<Long> candidates = candidates(select, arg);
        found[0] = candidates.size();
        if (candidates.isEmpty()) {
            return candidates;
        }
        return jdbc.queryForList(select + " AND id IN (" + marks(candidates) + ") ORDER BY id FOR UPDATE SKIP LOCKED",
                Long.class, withIds(arg, candidates));
    }

    private static Object[] withIds(Object arg, List<Long> ids) {
        Object[] args = new Object[ids.size() + 1];
        args[0] = arg;
        for (int i = 0; i < ids.size(); i++) {
            args[i + 1] = ids.get(i);
        }
        return args;
    }

    /** A batch goes on to the next one while it found a full batch and could take some of it. */
    private static int progress(int[] found, List<?> locked) {
        return locked.isEmpty() ? 0 : found[0];
    }

    private void deleteInBatches(String kind, Run run, String select, Timestamp before, String table) {
        inBatches(run, () -> {
            int[] found = new int[1];
            List<Long> ids = lockBatch(select, before, found);
            if (ids.isEmpty()) {
                return 0;
            }
            if ("inbound_message".equals(table)) {
                run.add("media", countMedia("x.message_id IN (" + marks(ids) + ")", ids));
            }
            run.add(kind, jdbc.update("DELETE FROM " + table + " WHERE id IN (" + marks(ids) + ")", ids.toArray()));
            return progress(found, ids);
        });
    }

    /**
     * Cases and everything that hangs on them: messages (and with them their photos), deliveries.
     * Each is counted into the monthly statistics in the same transaction, so a case is counted
     * exactly when it is removed. A case whose delivery is being sent right now waits for the next run.
     */
    private void purgeCases(String condition, Timestamp before, Run run) {
        inBatches(run, () -> {
            String where = " FROM report_case WHERE " + condition
                    + " AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.case_id = report_case.id AND d.state = 'SENDING')";
            List<Long> candidates = candidates("SELECT id" + where, before);
            if (candidates.isEmpty()) {
                return 0;
            }
            List<Map<String, Object>> cases = jdbc.queryForList("SELECT id, created_at, category_code, dept_key, urgent" + where
                    + " AND id IN (" + marks(candidates) + ") ORDER BY id FOR UPDATE SKIP LOCKED", withIds(before, candidates));
            if (cases.isEmpty()) {
                return 0;
            }
            List<Long> ids = cases.stream().map(c -> ((Number) c.get("id")).longValue()).toList();
            String in = "(" + marks(ids) + ")";
            Object[] args = ids.toArray();
            run.add("media", countMedia("m.case_id IN " + in, ids));
            run.add("messages", jdbc.update("DELETE FROM inbound_message WHERE case_id IN " + in, args));
            jdbc.update("DELETE FROM delivery WHERE case_id IN " + in, args);
            // The place named in the report and its similar-report links (also cascaded by the schema).
            jdbc.update("DELETE FROM case_location WHERE case_id IN " + in, args);
            jdbc.update("DELETE FROM case_similar WHERE case_id IN " + in + " OR earlier_case_id IN " + in,
                    java.util.stream.Stream.concat(ids.stream(), ids.stream()).toArray());
            countIntoStatistics(cases);
            CaseStatisticsFacts.record(jdbc, ids, zone);
            run.add("cases", jdbc.update("DELETE FROM report_case WHERE id IN " + in, args));
            return candidates.size();
        });
    }

    private int countMedia(String condition, List<Long> ids) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM inbound_media x JOIN inbound_message m ON m.id = x.message_id "
                + "WHERE x.content IS NOT NULL AND " + condition, Integer.class, ids.toArray());
        return n == null ? 0 : n;
    }

    private record StatisticsKey(LocalDate month, String category, String department) {
    }

    private void countIntoStatistics(List<Map<String, Object>> cases) {
        Map<StatisticsKey, int[]> counts = new LinkedHashMap<>();
        for (Map<String, Object> c : cases) {
            Instant created = ((Timestamp) toTimestamp(c.get("created_at"))).toInstant();
            LocalDate month = created.atZone(zone).toLocalDate().withDayOfMonth(1);
            StatisticsKey key = new StatisticsKey(month, orDash(c.get("category_code")), orDash(c.get("dept_key")));
            int[] count = counts.computeIfAbsent(key, k -> new int[2]);
            count[0]++;
            if (Boolean.TRUE.equals(c.get("urgent"))) {
                count[1]++;
            }
        }
        counts.forEach((key, count) -> {
            java.sql.Date month = java.sql.Date.valueOf(key.month());
            if (jdbc.update("UPDATE case_statistics SET reports = reports + ?, urgent_reports = urgent_reports + ? "
                    + "WHERE report_month = ? AND category_code = ? AND dept_key = ?", count[0], count[1], month, key.category(), key.department()) == 0) {
                jdbc.update("INSERT INTO case_statistics (report_month, category_code, dept_key, reports, urgent_reports) VALUES (?, ?, ?, ?, ?)",
                        month, key.category(), key.department(), count[0], count[1]);
            }
        });
    }

    /**
     * Photo bytes are needed until the case has reached the department on every channel (mail and
     * ticket keep their copies); then {@code media-after} longer, for an admin who resends.
     */
    private void expireMedia(Timestamp deliveredBefore, Run run) {
        inBatches(run, () -> {
            List<Long> ids = jdbc.queryForList("SELECT x.message_id FROM inbound_media x JOIN inbound_message m ON m.id = x.message_id "
                    + "WHERE x.content IS NOT NULL AND m.case_id IS NOT NULL "
                    + "AND EXISTS (SELECT 1 FROM delivery d WHERE d.case_id = m.case_id) "
                    + "AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.case_id = m.case_id AND (d.state NOT IN ('DELIVERED', 'NOT_POSSIBLE') OR d.delivered_at >= ?)) "
                    + "ORDER BY x.message_id FETCH FIRST " + retention.batchSize() + " ROWS ONLY", Long.class, deliveredBefore);
            if (ids.isEmpty()) {
                return 0;
            }
            run.add("media", jdbc.update("UPDATE inbound_media SET content = NULL, state = 'EXPIRED' WHERE content IS NOT NULL "
                    + "AND message_id IN (" + marks(ids) + ")", ids.toArray()));
            return ids.size();
        });
    }

    /**
     * A citizen with nothing left (no message, no case, nothing of ours waiting to go out) and no
     * message for {@code after-closed}: contact data and the links to raw events go. The row lock
     * makes intake, taking a new message of the same citizen right now, wait and then start afresh.
     */
    private void purgeCitizens(Timestamp quietBefore, Run run) {
        inBatches(run, () -> {
            int[] found = new int[1];
            List<Long> ids = lockBatch("SELECT id FROM citizen WHERE COALESCE(last_inbound_at, first_seen_at) < ? "
                    + "AND NOT EXISTS (SELECT 1 FROM inbound_message m WHERE m.citizen_id = citizen.id) "
                    + "AND NOT EXISTS (SELECT 1 FROM report_case c WHERE c.citizen_id = citizen.id) "
                    + "AND NOT EXISTS (SELECT 1 FROM outbound_message o WHERE o.citizen_id = citizen.id AND o.state IN ('PENDING', 'SENDING'))",
                    quietBefore, found);
            if (ids.isEmpty()) {
                return 0;
            }
            String in = "(" + marks(ids) + ")";
            run.add("outbound", jdbc.update("DELETE FROM outbound_message WHERE citizen_id IN " + in, ids.toArray()));
            run.add("citizens", jdbc.update("DELETE FROM citizen WHERE id IN " + in, ids.toArray()));
            return progress(found, ids);
        });
    }

    /** Mails, tickets and WhatsApp messages written as files (when their system is not configured). */
    private void purgeOutboxFiles(Instant before, Run run) {
        if (!Files.isDirectory(outboxDir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(outboxDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(before) && Files.deleteIfExists(file)) {
                    run.add("files", 1);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object toTimestamp(Object value) {
        if (value instanceof Timestamp) {
            return value;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return Timestamp.from(odt.toInstant());
        }
        if (value instanceof java.time.Instant i) {
            return Timestamp.from(i);
        }
        throw new IllegalStateException("unexpected timestamp type " + (value == null ? null : value.getClass().getSimpleName()));
    }

    private static String orDash(Object value) {
        return value == null || value.toString().isBlank() ? "-" : value.toString();
    }

    private static String marks(List<Long> ids) {
        return String.join(", ", Collections.nCopies(ids.size(), "?"));
    }

    private static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200);
    }
}
