package de.meldeweg.support;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * An in-memory H2 database with the service's schema (all migrations), and how many rows H2 reads to answer a
 * statement: the sum of the {@code scanCount} figures of its {@code EXPLAIN ANALYZE}, over the statement and its
 * subqueries. For claims that must read only what is due, however much waits behind it.
 */
public final class H2Plans {

    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

    private H2Plans() {
    }

    /** A new in-memory database with the schema, on one connection that stays open (the statements autocommit). */
    public static JdbcTemplate schema() {
        SingleConnectionDataSource db = new SingleConnectionDataSource("jdbc:h2:mem:plans-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "sa", "", true);
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
        return new JdbcTemplate(db);
    }

    /** The rows H2 reads for the statement with these parameters (it runs it, see {@code EXPLAIN ANALYZE}). */
    public static long rowsRead(JdbcTemplate jdbc, String sql, Object... args) {
        List<String> plan = jdbc.queryForList("EXPLAIN ANALYZE " + sql, String.class, args);
        Matcher counts = SCAN_COUNT.matcher(String.join("\n", plan));
        long rows = 0;
        boolean any = false;
        while (counts.find()) {
            rows += Long.parseLong(counts.group(1));
            any = true;
        }
        if (!any) {
            throw new IllegalStateException("No scanCount in H2's plan:\n" + String.join("\n", plan));
        }
        return rows;
    }
}
