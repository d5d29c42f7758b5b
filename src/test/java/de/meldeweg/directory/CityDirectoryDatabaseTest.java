package de.meldeweg.directory;

import static de.meldeweg.support.Payloads.newWamid;
import static de.meldeweg.support.Payloads.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MeldewegTestBase;
import de.meldeweg.support.Payloads;

/**
 * The department directory in the city's own database (meldeweg.directory.datasource.*): the
 * routes read departments and keywords from there, and config/departments.yaml is not loaded.
 */
class CityDirectoryDatabaseTest extends MeldewegTestBase {

    static final String CITY_DB = "jdbc:h2:mem:citydirectory;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE";
    static final Path OUTBOX = tempDir();

    static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("meldeweg-citydir");
            try (Connection db = DriverManager.getConnection(CITY_DB, "sa", ""); Statement sql = db.createStatement()) {
                sql.execute("CREATE TABLE department (dept_key VARCHAR(64) PRIMARY KEY, name VARCHAR(200), email VARCHAR(320), ticket_queue VARCHAR(200))");
                sql.execute("CREATE TABLE category (code VARCHAR(32) PRIMARY KEY, name VARCHAR(200), dept_key VARCHAR(64), service_code VARCHAR(64))");
                sql.execute("CREATE TABLE category_keyword (code VARCHAR(32), keyword VARCHAR(100))");
                sql.execute("INSERT INTO department VALUES ('werkhof', 'Städtischer Werkhof', 'werkhof@city.example', 'Werkhof')");
                sql.execute("INSERT INTO department VALUES ('rathaus', 'Bürgerbüro', 'buergerbuero@city.example', 'Buero')");
                for (String code : DirectoryLoader.CATEGORY_CODES) {
                    sql.execute("INSERT INTO category VALUES ('" + code + "', 'Kategorie " + code + "', '"
                            + ("SAUBERKEIT".equals(code) ? "werkhof" : "rathaus") + "', '" + code + "')");
                }
                sql.execute("INSERT INTO category_keyword VALUES ('SAUBERKEIT', 'sperrmuell')");
            }
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:citydirectory-ours;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("meldeweg.directory.datasource.url", () -> CITY_DB);
        registry.add("meldeweg.directory.datasource.username", () -> "sa");
        registry.add("meldeweg.outbox-dir", OUTBOX::toString);
        registry.add("meldeweg.case.grouping-window", () -> "PT1S");
        registry.add("meldeweg.case.assembly-interval", () -> "200");
        registry.add("meldeweg.delivery.interval", () -> "200");
    }

    @Test
    void casesGoWhereTheCitysDatabaseSays() throws Exception {
        assertThat(count("SELECT COUNT(*) FROM department")).as("our own directory tables stay empty").isZero();
        String phone = "4915112345695";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Lena", text(phone, newWamid(), "Wilder Sperrmüll am Waldweg")));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'MAIL' AND state = 'DELIVERED'") == 1);
        assertThat(jdbc.queryForObject("SELECT category_code FROM report_case", String.class)).isEqualTo("SAUBERKEIT");
        try (Stream<Path> files = Files.list(OUTBOX.resolve("mail"))) {
            String eml = Files.readString(files.filter(f -> f.toString().endsWith(".eml")).findFirst().orElseThrow(), StandardCharsets.UTF_8);
            assertThat(eml).contains("To: werkhof@city.example").contains("Kategorie SAUBERKEIT");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'RECEIPT'") == 1);
        assertThat(outboundBody("SELECT body FROM outbound_message WHERE purpose = 'RECEIPT'")).contains("Städtischer Werkhof");
    }
}
