package de.meldeweg.delivery;

import de.meldeweg.MeldewegConfiguration;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import de.meldeweg.tickets.TicketPhoto;
import de.meldeweg.tickets.TicketAdapters;
import de.meldeweg.tickets.TicketProperties;
import de.meldeweg.tickets.TicketReport;
import de.meldeweg.tickets.TicketHttp;
import de.meldeweg.http.HttpCalls;

/**
 * A photo fetched after the ticket was created goes onto that ticket as each vendor documents it,
 * through camel-http to a WireMock server: Zammad {@code POST /api/v1/ticket_articles} with base64
 * attachments, Znuny GenericInterface {@code TicketUpdate} ({@code PATCH /Ticket/:TicketID}) with
 * Article and Attachment, Redmine {@code POST /uploads.json} then {@code PUT /issues/{id}.json} with
 * notes and the upload token. Open311 (GeoReport v2) cannot take it.
 */
class LatePhotoTicketRequestsTest {

    static final WireMockServer SERVER = new WireMockServer(options().dynamicPort());
    static CamelContext camel;
    static HttpCalls http;

    static final String REFERENCE = "WK-2026-000123";
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, (byte) 0xFF, (byte) 0xD9};
    static final String BODY = "Nachtrag zu Meldung " + REFERENCE + " über Meldeweg (WhatsApp): Fotos, die beim Weiterleiten "
            + "noch nicht abgerufen werden konnten.\\nKategorie: Straßenbeleuchtung (BELEUCHTUNG)\\n\\nFotos: 1\\n- foto-2.jpg: Mast umgeknickt";

    @BeforeAll
    static void start() throws Exception {
        SERVER.start();
        camel = new DefaultCamelContext();
        camel.start();
        http = new HttpCalls(camel.createProducerTemplate());
    }

    @AfterAll
    static void stop() {
        camel.stop();
        SERVER.stop();
    }

    @BeforeEach
    void reset() {
        SERVER.resetAll();
    }

    private static LatePhotoTickets tickets(String system) {
        TicketAdapters presets = new TicketAdapters(new TicketProperties(system, "http://127.0.0.1:" + SERVER.port(), "s3cr3t-token",
                "meldeweg-agent", "meldeweg@stadt.example", "", "", "", "[DRINGEND] "), "config/templates", ZoneId.of("Europe/Berlin"),
                List.of("Closed"), MeldewegConfiguration.jsonMapper());
        String base = "http://127.0.0.1:" + SERVER.port();
        TicketHttp calls = request -> {
            org.apache.camel.Exchange answer = http.call(base, base + request.path(), request.method(), request.headers(), request.body());
            return new TicketHttp.Response(HttpCalls.status(answer), answer.getMessage().getBody(String.class));
        };
        return new LatePhotoTickets(null, null, presets, calls, null, ZoneId.of("Europe/Berlin"), MeldewegConfiguration.jsonMapper());
    }

    private static TicketReport latePhoto() {
        return new TicketReport(REFERENCE, "BELEUCHTUNG", "Straßenbeleuchtung", "Tiefbauamt, Straßenbeleuchtung", "Strassenbeleuchtung",
                "BELEUCHTUNG", "", List.of(new TicketPhoto("foto-2.jpg", "image/jpeg", JPEG, "Mast umgeknickt")), false,
                null, null, null, Instant.parse("2026-11-29T09:41:15Z"));
    }

    @Test
    void zammadGetsAnArticleWithTheBase64Photo() {
        SERVER.stubFor(post("/api/v1/ticket_articles").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": 77, \"ticket_id\": 4711, \"type_id\": 10, \"internal\": false, \"attachments\": [{\"id\": 5}]}")));

        tickets("zammad").send(tickets("zammad").presetForTest(), "4711", latePhoto());

        SERVER.verify(1, postRequestedFor(urlEqualTo("/api/v1/ticket_articles"))
                .withHeader("Authorization", equalTo("Token token=s3cr3t-token"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"ticket_id\": 4711, \"subject\": \"Nachtrag zu " + REFERENCE + ": Fotos\", "
                        + "\"body\": \"" + BODY + "\", \"content_type\": \"text/plain\", \"type\": \"note\", \"internal\": false, "
                        + "\"attachments\": [{\"filename\": \"foto-2.jpg\", \"data\": \"" + Base64.getEncoder().encodeToString(JPEG)
                        + "\", \"mime-type\": \"image/jpeg\"}]}")));

        SERVER.stubFor(post("/api/v1/ticket_articles").willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                .withBody("{\"error\": \"Not authorized\", \"error_human\": \"Not authorized\"}")));
        assertThatThrownBy(() -> tickets("zammad").send(tickets("zammad").presetForTest(), "4711", latePhoto()))
                .hasMessageContaining("Not authorized");
    }

    @Test
    void znunyGetsATicketUpdateWithArticleAndAttachment() {
        String path = "/znuny/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST/Ticket/1234";
        SERVER.stubFor(patch(path).willReturn(okJson("{\"TicketID\": \"1234\", \"TicketNumber\": \"2026112910000012\", \"ArticleID\": \"78\"}")));

        tickets("znuny").send(tickets("znuny").presetForTest(), "1234", latePhoto());

        SERVER.verify(1, patchRequestedFor(urlEqualTo(path)).withRequestBody(equalToJson("{\"UserLogin\": \"meldeweg-agent\", "
                + "\"Password\": \"s3cr3t-token\", \"Article\": {\"CommunicationChannel\": \"Internal\", \"SenderType\": \"customer\", "
                + "\"IsVisibleForCustomer\": 1, \"Subject\": \"Nachtrag zu " + REFERENCE + ": Fotos\", \"Body\": \"" + BODY + "\", "
                + "\"ContentType\": \"text/plain; charset=utf8\"}, \"Attachment\": [{\"Content\": \""
                + Base64.getEncoder().encodeToString(JPEG) + "\", \"ContentType\": \"image/jpeg\", \"Filename\": \"foto-2.jpg\"}]}")));

        // Znuny answers its errors with HTTP 200.
        SERVER.stubFor(patch(path).willReturn(okJson("{\"Error\": {\"ErrorCode\": \"TicketUpdate.AccessDenied\", "
                + "\"ErrorMessage\": \"TicketUpdate: User does not have access to the ticket!\"}}")));
        assertThatThrownBy(() -> tickets("znuny").send(tickets("znuny").presetForTest(), "1234", latePhoto()))
                .hasMessageContaining("TicketUpdate.AccessDenied");
    }

    @Test
    void redmineGetsTheUploadThenAJournalWithItsToken() {
        String token = "7.ed32257a2ab0f7526c0d72c32994c58b131bb2c0775f7aa84aae01ea8397ea54";
        SERVER.stubFor(post("/uploads.json?filename=foto-2.jpg").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"upload\": {\"id\": 7, \"token\": \"" + token + "\"}}")));
        SERVER.stubFor(put("/issues/815.json").willReturn(aResponse().withStatus(204)));

        tickets("redmine").send(tickets("redmine").presetForTest(), "815", latePhoto());

        SERVER.verify(1, postRequestedFor(urlEqualTo("/uploads.json?filename=foto-2.jpg"))
                .withHeader("X-Redmine-API-Key", equalTo("s3cr3t-token"))
                .withHeader("Content-Type", equalTo("application/octet-stream"))
                .withRequestBody(binaryEqualTo(JPEG)));
        SERVER.verify(1, putRequestedFor(urlEqualTo("/issues/815.json"))
                .withHeader("X-Redmine-API-Key", equalTo("s3cr3t-token"))
                .withRequestBody(equalToJson("{\"issue\": {\"notes\": \"" + BODY + "\", \"private_notes\": false, \"uploads\": [{\"token\": \""
                        + token + "\", \"filename\": \"foto-2.jpg\", \"content_type\": \"image/jpeg\", \"description\": \"Mast umgeknickt\"}]}}")));
        assertThat(SERVER.getAllServeEvents()).extracting(e -> e.getRequest().getMethod().getName())
                .containsExactly("PUT", "POST"); // newest first: the upload came before the journal
    }

    @Test
    void open311CannotTakePhotosAfterTheRequestWasCreated() {
        LatePhotoTickets open311 = tickets("open311");
        assertThat(open311.latePhotosNotPossible()).get().asString().contains("GeoReport v2").contains("by mail");
        assertThatThrownBy(() -> open311.send(open311.presetForTest(), "638344", latePhoto()))
                .isInstanceOf(TicketNotes.Impossible.class);
        assertThat(SERVER.getAllServeEvents()).isEmpty();
        assertThat(tickets("zammad").latePhotosNotPossible()).isEmpty();
        assertThat(tickets("none").latePhotosNotPossible()).isEmpty();
    }
}
