package de.meldeweg.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.flywaydb.core.Flyway;

/**
 * What H2's commits cost per report under different settings, side by side: the same report's life on
 * the hot tables (webhook event stored; intake's citizen, message, receipt and event done; the case
 * assembled; forwarded with two deliveries; both delivered; the receipt sent), in the service's eight
 * commits, on one fresh H2 file per setting, all migrated by the real Flyway scripts. The settings take
 * turns report by report in one thread, so each sees the same machine load and the same JIT; thread CPU
 * time, and H2's own count of bytes written ({@code info.FILE_WRITE_BYTES}), which does not move with
 * load. Not a test (nothing is asserted); docs/performance-rounds.md, "Eighth round: H2's commits".
 *
 * <pre>
 * java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" de.meldeweg.bench.H2CommitBenchmark 1000 \
 *     "default|WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64" \
 *     "2048|WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64;PAGE_SIZE=2048" \
 *     "no index|WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64|DROP INDEX report_case_state"
 * </pre>
 * Each argument after the count of reports: label|URL settings|SQL run after the migrations (optional).
 */
public final class H2CommitBenchmark {

    private H2CommitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int reports = Integer.parseInt(args[0]);
        Path dir = Files.createTempDirectory("h2-commit-bench");
        List<Database> databases = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] parts = args[i].split("\\|", -1);
            databases.add(new Database(parts[0], dir.resolve("db" + i), parts[1], parts.length > 2 ? parts[2] : ""));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int warmUp = reports / 5;
        for (int i = 0; i < reports + warmUp; i++) {
            for (Database db : databases) {
                if (i == warmUp) {
                    db.bytesBefore = db.info("info.FILE_WRITE_BYTES");
                    db.writesBefore = db.info("info.FILE_WRITE");
                    db.cpuNanos = 0;
                }
                long before = threads.getCurrentThreadCpuTime();
                db.report(i);
                db.cpuNanos += threads.getCurrentThreadCpuTime() - before;
            }
        }
        for (Database db : databases) {
            System.out.printf("%-24s %,d reports: %,d bytes written per report, %.2f writes per report, %.0f µs CPU per report, %,d chunks%n",
                    db.label, reports, (db.info("info.FILE_WRITE_BYTES") - db.bytesBefore) / reports,
                    (db.info("info.FILE_WRITE") - db.writesBefore) / (double) reports, db.cpuNanos / 1000.0 / reports,
                    db.info("info.CHUNK_COUNT"));
            db.connection.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static final class Database {
        final String label;
        final Connection connection;
        final Random random = new Random(1);
        final List<Long> citizens = new ArrayList<>();
        long bytesBefore;
        long writesBefore;
        long cpuNanos;
        final PreparedStatement insertEvent, insertCitizen, touchCitizen, insertEventCitizen, insertMessage, eventDone,
                insertReceipt, insertCase, assignMessages, forward, insertDelivery, delivered, caseForwarded, sending, sent;

        Database(String label, Path file, String settings, String sql) throws SQLException {
            this.label = label;
            String url = "jdbc:h2:file:" + file + ";" + settings;
            Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
            connection = DriverManager.getConnection(url, "sa", "");
            for (String statement : sql.split(";")) {
                if (!statement.isBlank()) {
                    try (Statement s = connection.createStatement()) {
                        s.execute(statement);
                    }
                }
            }
            connection.setAutoCommit(false);
            insertEvent = keyed("INSERT INTO webhook_event (received_at, body, state) VALUES (CURRENT_TIMESTAMP, ?, 'RECEIVED')");
            insertCitizen = keyed("INSERT INTO citizen (phone_hash, phone_enc, profile_name_enc, first_seen_at, last_inbound_at) "
                    + "VALUES (?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            touchCitizen = connection.prepareStatement("UPDATE citizen SET last_inbound_at = CURRENT_TIMESTAMP WHERE id = ?");
            insertEventCitizen = connection.prepareStatement("INSERT INTO webhook_event_citizen (event_id, citizen_id) VALUES (?, ?)");
            insertMessage = keyed("INSERT INTO inbound_message (message_key, citizen_id, event_id, type, accepted, text_enc, received_at, sent_at) "
                    + "VALUES (?, ?, ?, 'text', TRUE, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            eventDone = connection.prepareStatement("UPDATE webhook_event SET state = 'PROCESSED', processed_at = CURRENT_TIMESTAMP WHERE id = ?");
            insertReceipt = keyed("INSERT INTO outbound_message (citizen_id, purpose, body, state, next_attempt_at, created_at, to_phone_enc) "
                    + "VALUES (?, 'RECEIPT', ?, 'PENDING', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, ?)");
            insertCase = keyed("INSERT INTO report_case (reference, citizen_id, state, created_at, language) "
                    + "VALUES (?, ?, 'ASSEMBLED', CURRENT_TIMESTAMP, 'de')");
            assignMessages = connection.prepareStatement("UPDATE inbound_message SET case_id = ? WHERE citizen_id = ? AND accepted = TRUE AND case_id IS NULL");
            forward = connection.prepareStatement("UPDATE report_case SET state = 'FORWARDING', category_code = 'strasse', dept_key = 'tiefbau', "
                    + "report_enc = ?, category_name = 'Straße', department_name = 'Tiefbauamt', department_email = 'tiefbau@stadt.example', "
                    + "ticket_queue = 'Tiefbau', urgent = FALSE WHERE id = ?");
            insertDelivery = keyed("INSERT INTO delivery (case_id, channel, state, next_attempt_at, created_at) "
                    + "VALUES (?, ?, 'PENDING', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            delivered = connection.prepareStatement("UPDATE delivery SET state = 'DELIVERED', delivered_at = CURRENT_TIMESTAMP, last_error = NULL WHERE id = ?");
            caseForwarded = connection.prepareStatement("UPDATE report_case SET state = 'FORWARDED', forwarded_at = CURRENT_TIMESTAMP, ticket_id = ? WHERE id = ?");
            sending = connection.prepareStatement("UPDATE outbound_message SET state = 'SENDING', attempts = attempts + 1, "
                    + "next_attempt_at = CURRENT_TIMESTAMP, attempted_at = CURRENT_TIMESTAMP WHERE id = ?");
            sent = connection.prepareStatement("UPDATE outbound_message SET state = 'SENT', sent_at = CURRENT_TIMESTAMP, message_key = ?, last_error = NULL WHERE id = ?");
        }

        private PreparedStatement keyed(String sql) throws SQLException {
            return connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
        }

        // Sizes as the service stores them: the sealed webhook body about 1.8 KB, sealed texts and keyed hashes.
        void report(int i) throws SQLException {
            byte[] body = new byte[1800];
            random.nextBytes(body);
            insertEvent.setBytes(1, body);
            long event = insert(insertEvent);
            connection.commit();

            long citizen;
            if (citizens.size() < 200 || random.nextInt(4) == 0) {
                insertCitizen.setString(1, text(64));
                insertCitizen.setString(2, text(90));
                insertCitizen.setString(3, text(60));
                citizen = insert(insertCitizen);
                citizens.add(citizen);
            } else {
                citizen = citizens.get(random.nextInt(citizens.size()));
                touchCitizen.setLong(1, citizen);
                touchCitizen.executeUpdate();
            }
            insertEventCitizen.setLong(1, event);
            insertEventCitizen.setLong(2, citizen);
            insertEventCitizen.executeUpdate();
            insertMessage.setString(1, text(44));
            insertMessage.setLong(2, citizen);
            insertMessage.setLong(3, event);
            insertMessage.setString(4, text(300));
            insert(insertMessage);
            eventDone.setLong(1, event);
            eventDone.executeUpdate();
            insertReceipt.setLong(1, citizen);
            insertReceipt.setString(2, text(250));
            insertReceipt.setString(3, text(90));
            long receipt = insert(insertReceipt);
            connection.commit();

            insertCase.setString(1, "M-2026-" + i);
            insertCase.setLong(2, citizen);
            long reportCase = insert(insertCase);
            assignMessages.setLong(1, reportCase);
            assignMessages.setLong(2, citizen);
            assignMessages.executeUpdate();
            connection.commit();

            forward.setString(1, text(600));
            forward.setLong(2, reportCase);
            forward.executeUpdate();
            insertDelivery.setLong(1, reportCase);
            insertDelivery.setString(2, "EMAIL");
            long mail = insert(insertDelivery);
            insertDelivery.setString(2, "TICKET");
            long ticket = insert(insertDelivery);
            connection.commit();

            delivered.setLong(1, mail);
            delivered.executeUpdate();
            connection.commit();
            delivered.setLong(1, ticket);
            delivered.executeUpdate();
            caseForwarded.setString(1, "T" + i);
            caseForwarded.setLong(2, reportCase);
            caseForwarded.executeUpdate();
            connection.commit();

            sending.setLong(1, receipt);
            sending.executeUpdate();
            connection.commit();
            sent.setString(1, text(40));
            sent.setLong(2, receipt);
            sent.executeUpdate();
            connection.commit();
        }

        private long insert(PreparedStatement statement) throws SQLException {
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }

        private String text(int length) {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) {
                chars[i] = (char) ('A' + random.nextInt(26));
            }
            return new String(chars);
        }

        long info(String name) throws SQLException {
            try (Statement s = connection.createStatement();
                 ResultSet r = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = '" + name + "'")) {
                return r.next() ? Long.parseLong(r.getString(1)) : -1;
            }
        }
    }
}
