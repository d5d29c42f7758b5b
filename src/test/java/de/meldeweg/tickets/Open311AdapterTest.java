package de.meldeweg.tickets;

import static de.meldeweg.tickets.TicketFixtures.BERLIN;
import static de.meldeweg.tickets.TicketFixtures.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests as in https://wiki.open311.org/GeoReport_v2/ (open311/open311.github.io GeoReport_v2/index.md). */
class Open311AdapterTest {

    private static final String DESCRIPTION_TAIL = "\n\nKategorie: Straßenbeleuchtung\n"
            + "Ort: Bahnhofstraße 7, 75365 Calw (48.714857, 8.738844)\n"
            + "Eingegangen: 29.11.2026 10:41\n"
            + "Fotos: 1 (liegen bei Meldeweg; Open311 kann keine Dateien übertragen)";

    private final TicketAdapter open311 = new Open311Adapter(TicketFixtures.shippedTemplates(), TicketFixtures.properties("open311"), BERLIN);

    @Test
    void postsAFormWithServiceCodeLocationAndDescription() {
        TicketRequest request = open311.create(TicketFixtures.report(false), List.of());

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/requests.json");
        assertThat(request.headers()).isEqualTo(Map.of(
                "Content-Type", "application/x-www-form-urlencoded; charset=utf-8",
                "Accept", "application/json"));
        assertThat(fields(request)).containsExactly(
                Map.entry("api_key", "s3cr3t-token"),
                Map.entry("service_code", "BELEUCHTUNG"),
                Map.entry("lat", "48.714857"),
                Map.entry("long", "8.738844"),
                Map.entry("address_string", "Bahnhofstraße 7, 75365 Calw"),
                Map.entry("description", "Meldung WK-2026-000042 über Meldeweg (WhatsApp): " + TEXT + DESCRIPTION_TAIL));
        assertThat(request.bodyText())
                .contains("WK-2026-000042")
                .contains("service_code=BELEUCHTUNG&lat=48.714857&long=8.738844&address_string=Bahnhofstra%C3%9Fe+7%2C+75365+Calw&")
                .doesNotContain("email=", "first_name=", "last_name=", "phone=", "device_id=", "account_id=", "media_url=");
    }

    @Test
    void urgentReportsArePrefixedForGeoReportHasNoPriority() {
        TicketRequest request = open311.create(TicketFixtures.report(true), List.of());

        assertThat(fields(request)).contains(
                Map.entry("description", "[DRINGEND] Meldung WK-2026-000042 über Meldeweg (WhatsApp): " + TEXT + DESCRIPTION_TAIL));
    }

    @Test
    void withoutLocationTheCityStandsInAndCoordinatesAreLeftOut() {
        TicketRequest request = open311.create(TicketFixtures.bareReport(), List.of());

        assertThat(fields(request)).extracting(Map.Entry::getKey)
                .containsExactly("api_key", "service_code", "address_string", "description");
        assertThat(fields(request)).contains(Map.entry("address_string", "Calw"));
    }

    @Test
    void descriptionsAreCutAtTheSpecsLimitOf4000Characters() {
        TicketReport report = new TicketReport("WK-2026-000044", "ALLGEMEIN", "Allgemeines Anliegen", "Hauptamt", "x", "ALLGEMEIN",
                "ä".repeat(5000), List.of(), false, null, null, null, TicketFixtures.RECEIVED);

        String description = fields(open311.create(report, List.of())).get(3).getValue();

        assertThat(description.codePointCount(0, description.length())).isEqualTo(4000);
        assertThat(description).startsWith("Meldung WK-2026-000044").endsWith("ä…");
    }

    @Test
    void refusesPersonalFieldsAndItsOwnKeyInTheTemplate(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("tickets"));
        Files.writeString(dir.resolve("tickets/open311.form"), "service_code={{serviceCode}}\naddress_string=Calw\n"
                + "description={{reference}}\nemail=meldeweg@stadt.example\n");

        Open311Adapter preset = new Open311Adapter(TicketFixtures.templates(dir), TicketFixtures.properties("open311"), BERLIN);

        assertThatThrownBy(() -> preset.create(TicketFixtures.report(false), List.of()))
                .hasMessageContaining("field 'email' is never sent (personal data)");
    }

    @Test
    void theTicketIdIsTheServiceRequestIdOrTheToken() {
        String created = """
                [{"service_request_id":293944,
                  "service_notice":"The City will inspect and require the responsible party to correct within 24 hours",
                  "account_id":null}]""";

        assertThat(open311.ticketId(200, created)).isEqualTo("293944");
        assertThat(open311.ticketId(201, "[{\"service_request_id\":\"CALW-2026-77\"}]")).isEqualTo("CALW-2026-77");
        assertThat(open311.ticketId(200, "[{\"token\":\"12345\"}]")).isEqualTo("token:12345");
    }

    @Test
    void errorArraysThrow() {
        String invalidKey = "[{\"code\":403,\"description\":\"Invalid api_key received -- can't proceed with create_request.\"}]";

        assertThatThrownBy(() -> open311.ticketId(403, invalidKey))
                .isInstanceOfSatisfying(TicketResponseException.class, e -> assertThat(e.ticketMayExist()).isFalse())
                .hasMessage("open311 (HTTP 403): 403 Invalid api_key received -- can't proceed with create_request.");
        assertThatThrownBy(() -> open311.ticketId(400, "[{\"code\":\"service_code\",\"description\":\"service_code was not provided\"},"
                + "{\"code\":\"location\",\"description\":\"location was not provided\"}]"))
                .hasMessage("open311 (HTTP 400): service_code service_code was not provided; location location was not provided");
        // a "blackbox" service answers without id or token: created, but we cannot know as what
        assertThatThrownBy(() -> open311.ticketId(200, "[{\"service_notice\":\"Danke\"}]"))
                .isInstanceOfSatisfying(TicketResponseException.class, e -> assertThat(e.ticketMayExist()).isTrue());
    }

    private static List<Map.Entry<String, String>> fields(TicketRequest request) {
        return Arrays.stream(request.bodyText().split("&"))
                .map(pair -> pair.split("=", 2))
                .map(kv -> Map.entry(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8)))
                .toList();
    }
}
