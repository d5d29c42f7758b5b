package de.meldeweg.delivery;

import static de.meldeweg.support.Payloads.newWamid;
import static de.meldeweg.support.Payloads.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.ObjectMapper;

import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MeldewegTestBase;
import de.meldeweg.support.Payloads;

/** With no SMTP server and no ticket system, the whole path ends in the outbox folder. */
class OutboxFilesTest extends MeldewegTestBase {

    static final Path OUTBOX = tempDir();

    static Path tempDir() {
        try {
            return Files.createTempDirectory("meldeweg-outbox");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("meldeweg.outbox-dir", OUTBOX::toString);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:outboxfiles;DB_CLOSE_DELAY=-1");
        registry.add("meldeweg.case.grouping-window", () -> "PT1S");
        registry.add("meldeweg.case.assembly-interval", () -> "200");
        registry.add("meldeweg.delivery.interval", () -> "200");
    }

    private static Path newest(Path dir, String reference) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().contains(reference)).findFirst().orElse(null);
        }
    }

    @Test
    void theMailAndTheTicketAreWrittenAsFiles() throws Exception {
        String phone = "4915112345690";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Vera", text(phone, newWamid(), "Die Parkbank im Stadtgarten ist kaputt")));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE state = 'DELIVERED'") == 2);
        String reference = jdbc.queryForObject("SELECT reference FROM report_case", String.class);

        String eml = Files.readString(newest(OUTBOX.resolve("mail"), reference), StandardCharsets.UTF_8);
        assertThat(eml).contains("X-Meldeweg-Case: " + reference).contains("Reply-To: ").contains("multipart/alternative")
                .doesNotContain(phone).doesNotContain("Vera");
        var ticket = new ObjectMapper().readTree(newest(OUTBOX.resolve("tickets"), reference).toFile());
        assertThat(ticket.path("reference").asText()).isEqualTo(reference);
        assertThat(ticket.path("text").asText()).isEqualTo("Die Parkbank im Stadtgarten ist kaputt");
        assertThat(ticket.toString()).doesNotContain(phone).doesNotContain("Vera");
    }
}
