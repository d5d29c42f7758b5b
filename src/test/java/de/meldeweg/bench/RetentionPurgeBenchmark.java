package de.meldeweg.bench;

import static de.meldeweg.support.Payloads.newWamid;
import static de.meldeweg.support.Payloads.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.meldeweg.privacy.RetentionPurge;
import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MeldewegTestBase;
import de.meldeweg.support.Payloads;

/**
 * Measures a purge of many expired rows on an H2 file database (as in the embedded default), while
 * webhooks keep arriving. Not part of {@code mvn verify} (the name does not end in Test); run it with
 * {@code bench/retention-purge.sh [rows]} or
 * {@code mvn test -Dtest=RetentionPurgeBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.rows=1000000}.
 * Writes its figures to the log and to {@code target/bench-retention/result.txt}.
 */
class RetentionPurgeBenchmark extends MeldewegTestBase {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurgeBenchmark.class);
    /** Rows per expired citizen: the citizen, a closed case, two messages, a WhatsApp reply, a raw event. */
    private static final int ROWS_PER_CITIZEN = 6;
    private static final java.util.concurrent.atomic.AtomicInteger SENT = new java.util.concurrent.atomic.AtomicInteger();

    @Autowired
    RetentionPurge purge;
    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:./target/bench-retention/meldeweg;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("meldeweg.outbox-dir", () -> "target/bench-retention/outbox");
    }

    @Test
    void purgeOfManyExpiredRows() throws Exception {
        int rows = Integer.getInteger("bench.rows", 100_000);
        int citizensToExpire = Math.max(1, rows / ROWS_PER_CITIZEN);
        long loadStart = System.nanoTime();
        load(citizensToExpire, Instant.now().minus(Duration.ofDays(40)));
        long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;

        // The baseline: the same webhook stream for a while with no purge running, in the same run.
        List<Long> quiet = new ArrayList<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread baseline = sender(quiet, sending);
        baseline.start();
        Thread.sleep(Long.getLong("bench.baseline-seconds", 30) * 1000);
        sending.set(false);
        baseline.join();

        // Webhooks keep coming while the purge runs: their answer times show whether it blocks them.
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean purging = new AtomicBoolean(!Boolean.getBoolean("bench.quiet"));
        Thread sender = sender(latencies, purging);
        sender.start();
        long start = System.nanoTime();
        RetentionPurge.Report report = purge.run(null);
        long millis = (System.nanoTime() - start) / 1_000_000;
        purging.set(false);
        sender.join();

        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        List<Long> base = new ArrayList<>(quiet);
        Collections.sort(base);
        int removed = report.removed().values().stream().mapToInt(Integer::intValue).sum();
        String result = String.format(Locale.ROOT, "rows loaded: %d (%d citizens x %d) in %d ms%npurge: %d rows removed in %d ms "
                        + "(%.0f rows/s), %d batches, %s%n"
                        + "webhooks without a purge (baseline, same run): %d, answer time p50 %d ms, p99 %d ms, max %d ms%n"
                        + "webhooks during the purge: %d, answer time p50 %d ms, p99 %d ms, max %d ms (p99 %.1fx the baseline)%n",
                citizensToExpire * ROWS_PER_CITIZEN, citizensToExpire, ROWS_PER_CITIZEN, loadMillis, removed, millis,
                removed * 1000.0 / Math.max(1, millis), report.batches(), report.removed(),
                base.size(), percentile(base, 50), percentile(base, 99), base.isEmpty() ? 0 : base.get(base.size() - 1),
                sorted.size(), percentile(sorted, 50), percentile(sorted, 99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1),
                percentile(sorted, 99) / (double) Math.max(1, percentile(base, 99)));
        LOG.info("Retention purge benchmark:\n{}", result);
        Files.createDirectories(Path.of("target/bench-retention"));
        Files.writeString(Path.of("target/bench-retention/result.txt"), result);
    }

    /** One webhook every 20 ms while {@code running}: a busy afternoon, far above Calw's real traffic. */
    private Thread sender(List<Long> latencies, AtomicBoolean running) {
        return new Thread(() -> {
            while (running.get()) {
                String phone = "49170" + (1_000_000 + SENT.getAndIncrement());
                long t = System.nanoTime();
                webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Bench", text(phone, newWamid(), "Laterne aus")));
                latencies.add((System.nanoTime() - t) / 1_000_000);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    /** Expired citizens, written in JDBC batches: all closed 40 days ago, their events long processed. */
    private void load(int count, Instant old) throws Exception {
        Timestamp at = Timestamp.from(old);
        String encryptedText = cipher.encrypt("Die Straßenlaterne vor Hausnummer 12 ist seit Tagen aus");
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false);
            long firstCitizen = next(db, "citizen");
            long firstCase = next(db, "report_case");
            try (PreparedStatement citizen = db.prepareStatement("INSERT INTO citizen (id, phone_hash, phone_enc, profile_name_enc, first_seen_at, "
                    + "last_inbound_at) VALUES (?, ?, ?, ?, ?, ?)");
                 PreparedStatement kase = db.prepareStatement("INSERT INTO report_case (id, reference, citizen_id, state, category_code, dept_key, "
                         + "report_enc, created_at, forwarded_at, closed_at) VALUES (?, ?, ?, 'CLOSED', 'BELEUCHTUNG', 'strassenbeleuchtung', ?, ?, ?, ?)");
                 PreparedStatement message = db.prepareStatement("INSERT INTO inbound_message (message_key, citizen_id, type, accepted, text_enc, "
                         + "sent_at, received_at, case_id) VALUES (?, ?, 'text', TRUE, ?, ?, ?, ?)");
                 PreparedStatement outbound = db.prepareStatement("INSERT INTO outbound_message (citizen_id, purpose, body, state, next_attempt_at, "
                         + "created_at) VALUES (?, 'RECEIPT', 'Danke, Ihre Meldung WK-2026-000001 ist beim Tiefbauamt.', 'SENT', ?, ?)");
                 PreparedStatement event = db.prepareStatement("INSERT INTO webhook_event (received_at, body, state, processed_at) VALUES (?, ?, 'PROCESSED', ?)")) {
                byte[] body = Payloads.messages(Fixtures.PHONE_NUMBER_ID, "4915100000000", "Bench", text("4915100000000", newWamid(), "Laterne")).getBytes();
                for (int i = 0; i < count; i++) {
                    long citizenId = firstCitizen + i;
                    long caseId = firstCase + i;
                    String phone = "4915" + (100_000_000L + i);
                    citizen.setLong(1, citizenId);
                    citizen.setString(2, citizens.phoneHash(phone));
                    citizen.setString(3, cipher.encrypt(phone));
                    citizen.setString(4, cipher.encrypt("Bench " + i));
                    citizen.setTimestamp(5, at);
                    citizen.setTimestamp(6, at);
                    citizen.addBatch();
                    kase.setLong(1, caseId);
                    kase.setString(2, String.format("WB-2026-%07d", i));
                    kase.setLong(3, citizenId);
                    kase.setString(4, encryptedText);
                    kase.setTimestamp(5, at);
                    kase.setTimestamp(6, at);
                    kase.setTimestamp(7, at);
                    kase.addBatch();
                    for (int m = 0; m < 2; m++) {
                        message.setString(1, "bench-" + i + "-" + m);
                        message.setLong(2, citizenId);
                        message.setString(3, encryptedText);
                        message.setTimestamp(4, at);
                        message.setTimestamp(5, at);
                        message.setLong(6, caseId);
                        message.addBatch();
                    }
                    outbound.setLong(1, citizenId);
                    outbound.setTimestamp(2, at);
                    outbound.setTimestamp(3, at);
                    outbound.addBatch();
                    event.setTimestamp(1, at);
                    event.setBytes(2, body);
                    event.setTimestamp(3, at);
                    event.addBatch();
                    if (i % 1000 == 999 || i == count - 1) {
                        citizen.executeBatch();
                        kase.executeBatch();
                        message.executeBatch();
                        outbound.executeBatch();
                        event.executeBatch();
                        db.commit();
                    }
                }
            }
        }
    }

    private static long next(Connection db, String table) throws Exception {
        try (var rs = db.createStatement().executeQuery("SELECT COALESCE(MAX(id), 0) + 1000000 FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
