package de.meldeweg.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An H2 file written as the service writes it (WRITE_DELAY=0: one chunk per commit, rows stored once
 * and a few rows changed again and again): its chunks hold mostly dead pages and H2 rewrites none of
 * them itself; the maintenance rewrites them, and the data stays as it was, also after a crash.
 */
class H2MaintenanceTest {

    @TempDir
    Path dir;

    private JdbcDataSource dataSource(Path file) {
        JdbcDataSource source = new JdbcDataSource();
        // H2 rewrites only chunks older than its retention time (45 s in the service, 1 s here)
        source.setURL("jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;RETENTION_TIME=1000");
        source.setUser("sa");
        return source;
    }

    private static long info(Connection connection, String name) throws Exception {
        try (PreparedStatement query = connection.prepareStatement("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return Long.parseLong(rs.getString(1));
            }
        }
    }

    @Test
    void theChunksOfALongDayAreRewrittenAndTheFileStopsGrowing() throws Exception {
        Path file = dir.resolve("meldeweg");
        JdbcDataSource source = dataSource(file);
        try (Connection keep = source.getConnection(); Statement sql = keep.createStatement()) {
            sql.execute("CREATE TABLE report (id BIGINT PRIMARY KEY, state VARCHAR(16), body VARCHAR(400))");
            sql.execute("CREATE TABLE counter (id INT PRIMARY KEY, n BIGINT)");
            sql.execute("INSERT INTO counter VALUES (1, 0)");
            for (int i = 0; i < 3000; i++) {
                // a report stored, a counter changed, the report done: three commits as in the pipeline
                sql.execute("INSERT INTO report VALUES (" + i + ", 'RECEIVED', '" + "Die Laterne vor Hausnummer " + i + " ist aus. ".repeat(6) + "')");
                sql.execute("UPDATE counter SET n = n + 1");
                sql.execute("UPDATE report SET state = 'DONE' WHERE id = " + i);
            }
            long chunks = info(keep, "info.CHUNK_COUNT");
            long peak = Files.size(dir.resolve("meldeweg.mv.db"));
            long fill = info(keep, "info.CHUNKS_FILL_RATE");
            assertThat(fill).as("the chunks of a day without H2's background thread: mostly dead pages").isLessThan(50);

            Thread.sleep(1100);
            // time enough for every step on a loaded machine: what is rewritten, not how fast, is checked here
            H2Maintenance maintenance = new H2Maintenance(source, true, 50, 120_000);
            assertThat(maintenance.run()).isTrue();
            Thread.sleep(1100);
            sql.execute("UPDATE counter SET n = n");  // the next commit drops the chunks that hold nothing live any more
            System.out.printf("H2MaintenanceTest: chunks %d at %d %% live -> %d at %d %%%n", chunks, fill,
                    info(keep, "info.CHUNK_COUNT"), info(keep, "info.CHUNKS_FILL_RATE"));
            assertThat(info(keep, "info.CHUNKS_FILL_RATE")).as("live pages per chunk after the rewrite").isGreaterThan(2 * fill);
            assertThat(info(keep, "info.CHUNK_COUNT")).as("chunks (each an object on the heap and a line of the layout)")
                    .isLessThan(chunks / 2);

            Thread.sleep(1100);
            sql.execute("UPDATE counter SET n = n");  // a commit drops the rewritten chunks, once older than the retention time
            long size = Files.size(dir.resolve("meldeweg.mv.db"));
            for (int i = 3000; i < 4000; i++) {
                sql.execute("INSERT INTO report VALUES (" + i + ", 'RECEIVED', 'x')");
                sql.execute("UPDATE report SET state = 'DONE' WHERE id = " + i);
            }
            System.out.printf("H2MaintenanceTest: file %d before the rewrite, %d after, %d after 1,000 more%n", peak, size,
                    Files.size(dir.resolve("meldeweg.mv.db")));
            // H2 may also cut the file's free end after the rewrite (how much depends on timing); the
            // file then grows into its old size again, not beyond it as without the rewrite.
            assertThat(Files.size(dir.resolve("meldeweg.mv.db"))).as("the next reports' chunks go into the space given up")
                    .isLessThanOrEqualTo(peak);
            try (ResultSet rs = sql.executeQuery("SELECT COUNT(*), MIN(state), MAX(state), (SELECT n FROM counter) FROM report")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(4000);
                assertThat(rs.getString(2)).isEqualTo("DONE");
                assertThat(rs.getString(3)).isEqualTo("DONE");
                assertThat(rs.getLong(4)).isEqualTo(3000);
            }
        }
        // closed as after a crash? H2CrashRecovery finds the same newest commit either way; here the clean close
        try (Connection again = source.getConnection(); Statement sql = again.createStatement();
             ResultSet rs = sql.executeQuery("SELECT COUNT(*) FROM report WHERE state = 'DONE'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(4000);
        }
    }

    @Test
    void offForPostgresInMemoryOrZero() throws Exception {
        JdbcDataSource source = dataSource(dir.resolve("x"));
        assertThat(new H2Maintenance(source, false, 50, H2Maintenance.BUDGET_MILLIS).run()).isFalse();
        assertThat(new H2Maintenance(source, true, 0, H2Maintenance.BUDGET_MILLIS).run()).isFalse();
    }
}
