package de.meldeweg.cases;

import static org.assertj.core.api.Assertions.assertThat;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The reference a log line names is the one of the case in this service's own database: two services
 * (here two databases, as two Spring contexts in one test JVM) with the same case id never name each
 * other's reference, also after each has remembered its own.
 */
class CaseReferencesTest {

    private static JdbcTemplate database(String name, String reference) {
        JdbcDataSource source = new JdbcDataSource();
        source.setURL("jdbc:h2:mem:" + name + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        JdbcTemplate jdbc = new JdbcTemplate(source);
        jdbc.execute("CREATE TABLE report_case (id BIGINT PRIMARY KEY, reference VARCHAR(20))");
        jdbc.update("INSERT INTO report_case (id, reference) VALUES (7, ?)", reference);
        return jdbc;
    }

    @Test
    void eachServiceNamesTheReferenceOfItsOwnCase() {
        CaseReferences first = new CaseReferences(database("first", "WK-2026-000007"));
        CaseReferences second = new CaseReferences(database("second", "WK-2026-000107"));

        assertThat(first.of(7)).isEqualTo("WK-2026-000007");
        assertThat(second.of(7)).isEqualTo("WK-2026-000107");
        first.remember(8, "WK-2026-000008");
        assertThat(second.of(8)).isEqualTo("#8");
        assertThat(first.of(8)).isEqualTo("WK-2026-000008");
        assertThat(first.of(7)).isEqualTo("WK-2026-000007");
    }
}
