package de.meldeweg.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static de.meldeweg.support.Payloads.newWamid;
import static de.meldeweg.support.Payloads.text;
import static de.meldeweg.support.Payloads.typed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import de.meldeweg.replies.MutableClock;

import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MeldewegTestBase;
import de.meldeweg.support.Payloads;

/**
 * With no SMTP server and no ticket system, the whole path ends in the outbox folder, a photo
 * fetched late too (WhatsApp is configured here, a WireMock Graph API, so photos can be fetched).
 */
@Import(MutableClock.Config.class)
class OutboxFilesTest extends MeldewegTestBase {

    static final Path OUTBOX = tempDir();
    static final WireMockServer GRAPH = new WireMockServer(options().dynamicPort());
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xFE, 0x00, 0x04, 'o', 'b', (byte) 0xFF, (byte) 0xD9};

    static {
        GRAPH.start();
    }

    @Autowired
    MutableClock clock;

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
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:outboxfiles;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("meldeweg.case.grouping-window", () -> "PT1S");
        registry.add("meldeweg.case.assembly-interval", () -> "200");
        registry.add("meldeweg.delivery.interval", () -> "200");
        registry.add("meldeweg.whatsapp.api-base-url", () -> "http://127.0.0.1:" + GRAPH.port() + "/v23.0");
        registry.add("meldeweg.whatsapp.access-token", () -> "graph-token");
        registry.add("meldeweg.whatsapp.media-interval", () -> "100");
        registry.add("meldeweg.outbox.mail-text", () -> "true");
    }

    @Test
    void aLatePhotoFollowsAsNachtragMailAndTicketFile() throws Exception {
        GRAPH.resetAll();
        GRAPH.stubFor(post("/v23.0/" + Fixtures.PHONE_NUMBER_ID + "/messages").willReturn(okJson("{\"messages\": [{\"id\": \"wamid.out\"}]}")));
        GRAPH.stubFor(get("/v23.0/9001").willReturn(aResponse().withStatus(503)));
        String sha = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(JPEG));
        String phone = "4915112345696";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Jonas", text(phone, newWamid(), "Ast auf dem Radweg"),
                typed(phone, newWamid(), "image", "{\"caption\": \"Radweg\", \"mime_type\": \"image/jpeg\", \"sha256\": \"" + sha
                        + "\", \"id\": \"9001\"}")));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE state = 'DELIVERED'") == 2);
        String reference = jdbc.queryForObject("SELECT reference FROM report_case", String.class);

        String url = "http://127.0.0.1:" + GRAPH.port() + "/media/9001";
        GRAPH.stubFor(get("/v23.0/9001").willReturn(okJson("{\"url\": \"" + url + "\", \"mime_type\": \"image/jpeg\", \"sha256\": \""
                + sha + "\", \"file_size\": " + JPEG.length + ", \"id\": \"9001\"}")));
        GRAPH.stubFor(get("/media/9001").willReturn(aResponse().withStatus(200).withBody(JPEG)));
        clock.advance(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE state = 'DELIVERED'") == 4);

        String eml;
        try (Stream<Path> files = Files.list(OUTBOX.resolve("mail"))) {
            eml = Files.readString(files.filter(f -> f.getFileName().toString().endsWith(reference + "-nachtrag.eml")).findFirst().orElseThrow());
        }
        assertThat(eml).contains("X-Meldeweg-Case: " + reference).containsPattern("In-Reply-To: <[a-z2-7]{32}@")
                .contains("filename=foto-1.jpg").contains(java.util.Base64.getMimeEncoder().encodeToString(JPEG))
                .doesNotContain(phone).doesNotContain("Jonas");
        Path fotos;
        try (Stream<Path> files = Files.list(OUTBOX.resolve("tickets"))) {
            fotos = files.filter(f -> f.getFileName().toString().endsWith(reference + "-fotos.json")).findFirst().orElseThrow();
        }
        var ticket = new ObjectMapper().readTree(fotos.toFile());
        assertThat(ticket.path("reference").asString()).isEqualTo(reference);
        assertThat(ticket.at("/photos/0/fileName").asString()).isEqualTo("foto-1.jpg");
        assertThat(ticket.at("/photos/0/bytes").asInt()).isEqualTo(JPEG.length);
        assertThat(ticket.toString()).doesNotContain(phone).doesNotContain("Jonas");
    }

    private static Path newest(Path dir, String reference) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            // the .eml or the ticket's .json: not the .txt beside a mail, nor the empty .camelLock marker the
            // outbox-mail-text route puts beside an .eml while it waits for the file to settle
            return files.filter(f -> f.getFileName().toString().contains(reference)
                            && (f.toString().endsWith(".eml") || f.toString().endsWith(".json")))
                    .findFirst().orElse(null);
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
        // Beside it, the mail as a clerk reads it.
        Path txt = OUTBOX.resolve("mail").resolve(newest(OUTBOX.resolve("mail"), reference).getFileName().toString().replace(".eml", ".txt"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(txt) && Files.size(txt) > 0);
        assertThat(Files.readString(txt, StandardCharsets.UTF_8)).contains("Vorgang:    " + reference).contains("Betreff:")
                .contains("Die Parkbank im Stadtgarten ist kaputt").doesNotContain("Content-Type").doesNotContain(phone).doesNotContain("Vera");
        var ticket = new ObjectMapper().readTree(newest(OUTBOX.resolve("tickets"), reference).toFile());
        assertThat(ticket.path("reference").asString()).isEqualTo(reference);
        // The report, then the language the citizen wrote in (for the clerk; see location-and-language.md).
        assertThat(ticket.path("text").asString()).isEqualTo("Die Parkbank im Stadtgarten ist kaputt\n\nSprache der Meldung: Deutsch");
        assertThat(ticket.toString()).doesNotContain(phone).doesNotContain("Vera");
    }
}
