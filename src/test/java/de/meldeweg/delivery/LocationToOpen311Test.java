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

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;

import de.meldeweg.replies.MutableClock;
import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MeldewegTestBase;
import de.meldeweg.support.Payloads;

/**
 * With "location" among the accepted types, a shared location joins the case as name, address,
 * coordinates and map link, and goes to an Open311 server as lat/long. A photo fetched late cannot
 * follow to Open311 (GeoReport v2 has no update): that is recorded, not a dead letter, and the
 * Nachtrag mail (here an .eml in the outbox folder, no SMTP configured) carries it.
 */
@Import(MutableClock.Config.class)
class LocationToOpen311Test extends MeldewegTestBase {

    static final WireMockServer OPEN311 = new WireMockServer(options().dynamicPort());
    static final WireMockServer GRAPH = new WireMockServer(options().dynamicPort());
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xFE, 0x00, 0x04, 'o', 'k', (byte) 0xFF, (byte) 0xD9};

    static {
        OPEN311.start();
        GRAPH.start();
    }

    @Autowired
    MutableClock clock;

    @BeforeEach
    void edges() {
        OPEN311.resetAll();
        GRAPH.resetAll();
        GRAPH.stubFor(post("/v23.0/" + Fixtures.PHONE_NUMBER_ID + "/messages").willReturn(okJson("{\"messages\": [{\"id\": \"wamid.out\"}]}")));
        OPEN311.stubFor(post("/dev/v2/requests.json").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("[{\"service_request_id\": \"638344\", \"service_notice\": \"Wird bearbeitet\", \"account_id\": null}]")));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:open311;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("meldeweg.intake.accepted-types", () -> "text,image,location");
        registry.add("meldeweg.case.grouping-window", () -> "PT1S");
        registry.add("meldeweg.case.assembly-interval", () -> "200");
        registry.add("meldeweg.delivery.interval", () -> "200");
        registry.add("meldeweg.ticket.system", () -> "open311");
        registry.add("meldeweg.ticket.base-url", () -> "http://127.0.0.1:" + OPEN311.port() + "/dev/v2");
        registry.add("meldeweg.ticket.token", () -> "open311-api-key");
        registry.add("meldeweg.whatsapp.api-base-url", () -> "http://127.0.0.1:" + GRAPH.port() + "/v23.0");
        registry.add("meldeweg.whatsapp.access-token", () -> "graph-token");
        registry.add("meldeweg.whatsapp.media-interval", () -> "100");
    }

    @Test
    void aLatePhotoCannotFollowToOpen311AndGoesByMailWithoutADeadLetter() throws Exception {
        String sha = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(JPEG));
        GRAPH.stubFor(get("/v23.0/8001").willReturn(aResponse().withStatus(500)));
        String phone = "4915112345695";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Nora",
                text(phone, newWamid(), "Hier ist ein tiefes Schlagloch in der Lederstraße"),
                typed(phone, newWamid(), "image", "{\"caption\": \"Schlagloch\", \"mime_type\": \"image/jpeg\", \"sha256\": \""
                        + sha + "\", \"id\": \"8001\"}")));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel IN ('MAIL', 'TICKET') "
                + "AND state = 'DELIVERED'") == 2);
        String reference = jdbc.queryForObject("SELECT reference FROM report_case", String.class);

        String url = "http://127.0.0.1:" + GRAPH.port() + "/media/8001";
        GRAPH.stubFor(get("/v23.0/8001").willReturn(okJson("{\"url\": \"" + url + "\", \"mime_type\": \"image/jpeg\", \"sha256\": \""
                + sha + "\", \"file_size\": " + JPEG.length + ", \"id\": \"8001\"}")));
        GRAPH.stubFor(get("/media/8001").willReturn(aResponse().withStatus(200).withBody(JPEG)));
        clock.advance(Duration.ofSeconds(31));

        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'PHOTOS_MAIL' "
                + "AND state = 'DELIVERED'") == 1);
        assertThat(jdbc.queryForMap("SELECT state, last_error FROM delivery WHERE channel = 'PHOTOS_TICKET'"))
                .containsEntry("STATE", "NOT_POSSIBLE").extractingByKey("LAST_ERROR").asString().contains("GeoReport v2");
        assertThat(count("SELECT COUNT(*) FROM delivery WHERE state = 'DEAD'")).isZero();
        assertThat(OPEN311.getAllServeEvents()).hasSize(1); // the create, nothing after it
        java.nio.file.Path nachtrag;
        try (var files = java.nio.file.Files.list(outboxDir().resolve("mail"))) {
            nachtrag = files.filter(f -> f.getFileName().toString().endsWith(reference + "-nachtrag.eml")).findFirst().orElseThrow();
        }
        assertThat(java.nio.file.Files.readString(nachtrag)).contains("X-Meldeweg-Case: " + reference).contains("foto-1.jpg")
                .containsPattern("In-Reply-To: <[a-z2-7]{32}@").doesNotContain(phone).doesNotContain("Nora");
    }

    @Test
    void aSharedLocationGoesToOpen311AsLatLong() {
        String phone = "4915112345691";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Nora",
                text(phone, newWamid(), "Hier ist ein tiefes Schlagloch"),
                typed(phone, newWamid(), "location", "{\"latitude\": 48.714603, \"longitude\": 8.740201, "
                        + "\"name\": \"Marktplatz\", \"address\": \"Marktplatz 1, 75365 Calw\"}")));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'TICKET' AND state = 'DELIVERED'") == 1);

        Map<String, String> form = new HashMap<>();
        for (String pair : OPEN311.getAllServeEvents().get(0).getRequest().getBodyAsString().split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        String reference = jdbc.queryForObject("SELECT reference FROM report_case", String.class);
        assertThat(form).containsEntry("lat", "48.714603").containsEntry("long", "8.740201")
                .containsEntry("service_code", "STRASSE").containsEntry("api_key", "open311-api-key")
                .doesNotContainKeys("email", "first_name", "last_name", "phone");
        assertThat(form.get("description")).contains(reference).contains("Schlagloch").contains("Marktplatz 1, 75365 Calw")
                .contains("openstreetmap.org/?mlat=48.714603&mlon=8.740201");
        assertThat(form.values()).noneMatch(v -> v.contains(phone) || v.contains("Nora"));
        assertThat(jdbc.queryForObject("SELECT ticket_id FROM report_case", String.class)).isEqualTo("638344");
    }

    @Test
    void aStreetNamedInTheTextGoesToOpen311AsAddressAndLatLong() {
        String phone = "4915112345696";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Nora",
                text(phone, newWamid(), "Tiefes Schlagloch in der Bishofstr. 12, bitte reparieren")));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'TICKET' AND state = 'DELIVERED'") == 1);

        Map<String, String> form = new HashMap<>();
        for (String pair : OPEN311.getAllServeEvents().get(0).getRequest().getBodyAsString().split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        // The city itself (address_string=Calw) no longer stands in: the street from config/streets.csv does.
        assertThat(form).containsEntry("address_string", "Bischofstraße 12, 75365 Calw")
                .containsEntry("lat", "48.7123").containsEntry("long", "8.7412");
        assertThat(form.get("description")).contains("Ort: Bischofstraße 12, 75365 Calw (48.7123, 8.7412)");
    }
}
