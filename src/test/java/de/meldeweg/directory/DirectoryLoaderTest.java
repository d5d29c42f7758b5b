package de.meldeweg.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The department directory file into the directory tables (H2 with the service's migrations): every
 * department, category and keyword of the shipped file arrives; a file that did not change since it
 * was loaded (the directory-load route's first poll after start-up) is not written again and the
 * classifier's index is not rebuilt; a changed file is loaded; a broken file leaves the tables as they were.
 */
class DirectoryLoaderTest {

    @TempDir
    Path dir;
    JdbcTemplate jdbc;
    DirectoryLoader loader;
    final AtomicInteger refreshes = new AtomicInteger();

    static final DriverManagerDataSource dataSource = new DriverManagerDataSource(
            "jdbc:h2:mem:directory-loader;DB_CLOSE_DELAY=-1", "sa", "");

    @BeforeAll
    static void migrate() {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    @BeforeEach
    void setUp() throws Exception {
        jdbc = new JdbcTemplate(dataSource);
        jdbc.update("DELETE FROM category_keyword");
        jdbc.update("DELETE FROM category");
        jdbc.update("DELETE FROM department");
        Files.copy(Path.of("config/departments.yaml"), dir.resolve("departments.yaml"));
        DirectoryProperties properties = new DirectoryProperties(dir.toString(), "departments.yaml", null);
        DirectoryDatabase database = new DirectoryDatabase(dataSource, properties);
        DirectoryKeywords keywords = new DirectoryKeywords(database);
        keywords.onRefresh(refreshes::incrementAndGet);
        loader = new DirectoryLoader(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)), keywords,
                database, properties);
    }

    @Test
    void everyDepartmentCategoryAndKeywordOfTheFileIsInTheTables() throws Exception {
        loader.load();

        DirectoryLoader.Directory file = DirectoryLoader.parse(Files.newInputStream(dir.resolve("departments.yaml")));
        assertThat(jdbc.queryForList("SELECT dept_key FROM department ORDER BY dept_key", String.class))
                .containsExactlyInAnyOrderElementsOf(file.departments().stream().map(DirectoryLoader.Department::key).toList());
        assertThat(jdbc.queryForList("SELECT email FROM department WHERE dept_key = 'tiefbauamt'", String.class))
                .containsExactly("tiefbauamt@stadt-calw.example");
        assertThat(jdbc.queryForList("SELECT code FROM category", String.class)).hasSize(10)
                .containsExactlyInAnyOrderElementsOf(DirectoryLoader.CATEGORY_CODES);
        Set<String> expected = new LinkedHashSet<>();
        file.categories().forEach(c -> c.keywords().forEach(k -> expected.add(c.code() + ":" + k)));
        assertThat(jdbc.queryForList("SELECT code || ':' || keyword FROM category_keyword", String.class))
                .hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected).hasSizeGreaterThan(300);
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void theSameFileIsNotLoadedAgainAChangedOneIs() throws Exception {
        loader.load();
        // Marks the tables: a second load of the unchanged file would replace the row.
        jdbc.update("UPDATE department SET name = 'marked' WHERE dept_key = 'tiefbauamt'");

        loader.load();
        assertThat(jdbc.queryForObject("SELECT name FROM department WHERE dept_key = 'tiefbauamt'", String.class)).isEqualTo("marked");
        assertThat(refreshes).hasValue(1);

        Path file = dir.resolve("departments.yaml");
        String original = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, original.replace("email: tiefbauamt@stadt-calw.example", "email: strassen@stadt-calw.example"),
                StandardCharsets.UTF_8);
        loader.load();
        assertThat(jdbc.queryForList("SELECT email FROM department WHERE dept_key = 'tiefbauamt'", String.class))
                .containsExactly("strassen@stadt-calw.example");
        assertThat(jdbc.queryForObject("SELECT name FROM department WHERE dept_key = 'tiefbauamt'", String.class)).isNotEqualTo("marked");
        assertThat(refreshes).hasValue(2);
    }

    @Test
    void aBrokenFileLeavesTheTablesAndTheFileBeforeItCountsAsLoaded() throws Exception {
        Path file = dir.resolve("departments.yaml");
        String original = Files.readString(file, StandardCharsets.UTF_8);
        loader.load();
        int keywords = jdbc.queryForObject("SELECT COUNT(*) FROM category_keyword", Integer.class);

        Files.writeString(file, original.replace("email: tiefbauamt@stadt-calw.example", "email: kein-postfach"), StandardCharsets.UTF_8);
        assertThatThrownBy(loader::load).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is no e-mail address");
        assertThat(jdbc.queryForList("SELECT email FROM department WHERE dept_key = 'tiefbauamt'", String.class))
                .containsExactly("tiefbauamt@stadt-calw.example");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM category_keyword", Integer.class)).isEqualTo(keywords);

        // The admin puts the good file back: it is what the tables hold, nothing to do.
        Files.writeString(file, original, StandardCharsets.UTF_8);
        loader.load();
        assertThat(refreshes).hasValue(1);
        assertThat(jdbc.queryForList("SELECT email FROM department WHERE dept_key = 'tiefbauamt'", String.class))
                .containsExactly("tiefbauamt@stadt-calw.example");
    }
}
