package de.meldeweg.privacy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static de.meldeweg.support.Payloads.contact;
import static de.meldeweg.support.Payloads.newWamid;
import static de.meldeweg.support.Payloads.text;
import static de.meldeweg.support.Payloads.typed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MeldewegTestBase;
import de.meldeweg.support.Payloads;
import de.meldeweg.support.PersonalDataSearch;

/**
 * "Löschen" end to end, with the real routes: WhatsApp (Graph API) and Zammad in WireMock, the
 * department's mailbox in GreenMail. A citizen with texts, photos, a forwarded open case with a
 * ticket, a case waiting for its photo and a message still in assembly sends "Löschen": afterwards
 * nothing of their number, name or texts is left in any table, the outbox folder or the log,
 * the confirmation went out once, the ticket got its note, and the audit row remains. Runs on H2
 * and PostgreSQL.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class ErasureScenarios extends MeldewegTestBase {

    static final WireMockServer GRAPH = new WireMockServer(options().dynamicPort());
    static final WireMockServer ZAMMAD = new WireMockServer(options().dynamicPort());
    static final GreenMail MAIL = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    static final String ZAMMAD_TOKEN = "zammad-erasure-token";
    static final String ADMIN_TOKEN = "admin-erasure-token";
    static final String MESSAGES = "/v23.0/" + Fixtures.PHONE_NUMBER_ID + "/messages";
    static final String SENT_WAMID = "wamid.HBgNOUR1cmNoTWVsZGV3ZWcVAgARGBI=";
    static final String CONFIRMATION_WAMID = "wamid.HBgNOUR1cmNoTWVsZGV3ZWcVAgARGBJDT05GSVJNAA==";
    /** The smallest JPEG worth the name: SOI, a comment, EOI. */
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xFE, 0x00, 0x04, 'h', 'i', (byte) 0xFF, (byte) 0xD9};

    static {
        GRAPH.start();
        ZAMMAD.start();
        MAIL.start();
    }

    @Autowired
    DataSource dataSource;

    static void edges(DynamicPropertyRegistry registry, String outbox) {
        registry.add("meldeweg.outbox-dir", () -> outbox);
        registry.add("meldeweg.admin.token", () -> ADMIN_TOKEN);
        registry.add("meldeweg.whatsapp.api-base-url", () -> "http://127.0.0.1:" + GRAPH.port() + "/v23.0");
        registry.add("meldeweg.whatsapp.access-token", () -> "graph-token");
        registry.add("meldeweg.whatsapp.media-interval", () -> "100");
        registry.add("meldeweg.mail.smtp.host", () -> "127.0.0.1");
        registry.add("meldeweg.mail.smtp.port", () -> MAIL.getSmtp().getPort());
        registry.add("meldeweg.mail.smtp.starttls", () -> "false");
        registry.add("meldeweg.ticket.system", () -> "zammad");
        registry.add("meldeweg.ticket.base-url", () -> "http://127.0.0.1:" + ZAMMAD.port());
        registry.add("meldeweg.ticket.token", () -> ZAMMAD_TOKEN);
        registry.add("meldeweg.case.grouping-window", () -> "PT2S");
        registry.add("meldeweg.case.assembly-interval", () -> "200");
        registry.add("meldeweg.delivery.interval", () -> "200");
        registry.add("meldeweg.delivery.retry-initial", () -> "PT0.3S");
    }

    abstract Path outbox();

    @BeforeEach
    void edgesReset() throws Exception {
        GRAPH.resetAll();
        answerSends(SENT_WAMID);
        // Message ids are unique in WhatsApp; here only the confirmation needs its own.
        GRAPH.stubFor(post(MESSAGES).atPriority(1).withRequestBody(containing("Ihre Daten sind"))
                .willReturn(okJson("{\"messaging_product\": \"whatsapp\", \"messages\": [{\"id\": \"" + CONFIRMATION_WAMID + "\"}]}")));
        ZAMMAD.resetAll();
        ZAMMAD.stubFor(post("/api/v1/tickets").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": 4711, \"group_id\": 2, \"number\": \"31004711\", \"title\": \"x\"}")));
        ZAMMAD.stubFor(post("/api/v1/ticket_articles").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": 90, \"ticket_id\": 4711, \"type_id\": 10, \"internal\": true}")));
        MAIL.purgeEmailFromAllMailboxes();
        if (Files.isDirectory(outbox())) {
            try (Stream<Path> files = Files.walk(outbox())) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static void answerSends(String wamid) {
        GRAPH.stubFor(post(MESSAGES).willReturn(okJson("{\"messaging_product\": \"whatsapp\", \"contacts\": [], "
                + "\"messages\": [{\"id\": \"" + wamid + "\"}]}")));
    }

    private static String sha256(byte[] content) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private void photo(String mediaId, int delayMillis) throws Exception {
        String base = "http://127.0.0.1:" + GRAPH.port();
        GRAPH.stubFor(get("/v23.0/" + mediaId).willReturn(okJson("{\"messaging_product\": \"whatsapp\", \"url\": \"" + base
                + "/media/" + mediaId + "\", \"mime_type\": \"image/jpeg\", \"sha256\": \"" + sha256(JPEG) + "\", \"file_size\": 10, "
                + "\"id\": \"" + mediaId + "\"}").withFixedDelay(delayMillis)));
        GRAPH.stubFor(get("/media/" + mediaId).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg").withBody(JPEG)));
    }

    private static String image(String from, String mediaId, String caption) throws Exception {
        return typed(from, newWamid(), "image", "{\"caption\": \"" + caption + "\", \"mime_type\": \"image/jpeg\", "
                + "\"sha256\": \"" + sha256(JPEG) + "\", \"id\": \"" + mediaId + "\"}");
    }

    private static String status(String wamid, String recipient) {
        return Payloads.envelope(Payloads.change(Fixtures.PHONE_NUMBER_ID, null, List.of(),
                List.of(Payloads.status(wamid, "delivered", recipient))));
    }

    private PersonalDataSearch search() {
        return PersonalDataSearch.in(dataSource, cipher);
    }

    @Test
    void löschenErasesEverythingOfTheSenderAndConfirmsOnce(CapturedOutput log) throws Exception {
        String phone = "4915112345678";
        String name = "Gisela Musterfrau";
        String report = "Die Straßenlaterne in der Lederstraße 12 ist seit Tagen aus";
        String caption = "Laterne Lederstraße bei Nacht";
        String secondReport = "Auf dem Spielplatz Wimberg liegen Scherben";
        String secondCaption = "Scherben unter der Rutsche";
        String pending = "Noch etwas: der Gehweg am Sägewerk ist vereist";
        String neighbour = "4917699887766";
        String neighbourText = "Die Ampel an der Bischofstraße blinkt nur gelb";
        photo("5555", 0);
        photo("6666", 20_000); // still being fetched when "Löschen" comes

        // A report with text and photo: forwarded by mail, ticket 4711 in Zammad, receipt sent.
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, name,
                text(phone, newWamid(), report + ", rufen Sie mich an: +49 151 12345678"), image(phone, "5555", caption)));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'RECEIPT' AND state = 'SENT'") == 1
                        && count("SELECT COUNT(*) FROM delivery WHERE state = 'DELIVERED'") == 2);
        assertThat(jdbc.queryForObject("SELECT ticket_id FROM report_case", String.class)).isEqualTo("4711");
        String reference = jdbc.queryForObject("SELECT reference FROM report_case", String.class);
        int mails = 0;
        for (var mail : MAIL.getReceivedMessages()) {
            mails += reference.equals(mail.getHeader("X-Meldeweg-Case", null)) ? 1 : 0;
        }
        assertThat(mails).isEqualTo(1);
        // WhatsApp reports the receipt delivered: a raw event with the number that belongs to the citizen.
        webhooks.postSigned(status(SENT_WAMID, phone));

        // A second report whose photo is still being fetched: assembled, not forwarded.
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, name,
                text(phone, newWamid(), secondReport), image(phone, "6666", secondCaption)));
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM report_case") == 2);
        assertThat(count("SELECT COUNT(*) FROM report_case WHERE state = 'ASSEMBLED'")).isEqualTo(1);

        // One event with two senders: a message still in assembly, and a neighbour's report.
        webhooks.postSigned(Payloads.envelope(Payloads.change(Fixtures.PHONE_NUMBER_ID,
                contact(phone, name) + ", " + contact(neighbour, "Bernd Nachbar"),
                List.of(text(phone, newWamid(), pending), text(neighbour, newWamid(), neighbourText)), List.of())));
        awaitIntakeIdle();
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE case_id IS NULL AND citizen_id = ?", citizenByPhone(phone))).isEqualTo(1);

        assertThat(jdbc.queryForObject("SELECT l.label FROM case_location l JOIN report_case c ON c.id = l.case_id WHERE c.reference = ?",
                String.class, reference)).isEqualTo("Lederstraße 12, 75365 Calw");
        // Just before: the search finds each of them, so it can fail.
        assertThat(search().phone(phone).findingsInDatabase()).isNotEmpty();
        for (String literal : List.of(name, report, caption, secondReport, secondCaption, pending)) {
            assertThat(search().text(literal).findingsInDatabase()).as(literal).isNotEmpty();
        }

        String command = Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, name, text(phone, newWamid(), " LÖSCHEN! "));
        assertThat(webhooks.postSigned(command).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM erasure_audit WHERE confirmation = 'SENT'") == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'NOTE' AND state = 'DELIVERED'") == 1);
        // The place named in her forwarded report (kept case, without content) went with the report.
        assertThat(count("SELECT COUNT(*) FROM case_location l JOIN report_case c ON c.id = l.case_id WHERE c.reference = ?", reference)).isZero();

        // A redelivery of the command, and WhatsApp's status of the confirmation, after the erasure.
        assertThat(webhooks.postSigned(command).statusCode()).isEqualTo(200);
        webhooks.postSigned(status(CONFIRMATION_WAMID, phone));
        awaitIntakeIdle();

        PersonalDataSearch everything = search().phone(phone).text(name, report, caption, secondReport, secondCaption, pending);
        assertThat(everything.findings(outbox(), log.getAll())).isEmpty();
        assertThat(search().text(neighbourText).findingsInDatabase()).as("the neighbour's report stays").isNotEmpty();

        // Exactly one confirmation, to the number, with the configured text.
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES))
                .withRequestBody(matchingJsonPath("$.to", equalTo(phone)))
                .withRequestBody(matchingJsonPath("$.text.body", containing("Ihre Daten sind gelöscht"))));
        assertThat(count("SELECT COUNT(*) FROM citizen WHERE phone_hash = ?", citizens.phoneHash(phone))).isZero();
        assertThat(count("SELECT COUNT(*) FROM outbound_message WHERE citizen_id IS NULL OR erasure_id IS NOT NULL")).isZero();

        // The note on the open ticket, as Zammad documents it, without personal data.
        ZAMMAD.verify(1, postRequestedFor(urlEqualTo("/api/v1/ticket_articles"))
                .withHeader("Authorization", equalTo("Token token=" + ZAMMAD_TOKEN))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(matchingJsonPath("$.ticket_id", equalTo("4711")))
                .withRequestBody(matchingJsonPath("$.type", equalTo("note")))
                .withRequestBody(matchingJsonPath("$.internal", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.content_type", equalTo("text/plain")))
                .withRequestBody(matchingJsonPath("$.subject", containing(reference)))
                .withRequestBody(matchingJsonPath("$.body", containing("Einwilligung widerrufen"))));
        String note = ZAMMAD.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().equals("/api/v1/ticket_articles"))
                .findFirst().orElseThrow().getRequest().getBodyAsString();
        assertThat(note).doesNotContain(phone).doesNotContain("12345678").doesNotContain("Gisela").doesNotContain("Lederstraße");

        // The forwarded case stays pseudonymous; the one that never left is gone.
        Map<String, Object> kept = jdbc.queryForMap("SELECT reference, category_code, ticket_id, report_enc, citizen_id FROM report_case "
                + "WHERE reference = ?", reference);
        assertThat(kept.get("reference")).isEqualTo(reference);
        assertThat(kept.get("category_code")).isEqualTo("BELEUCHTUNG");
        assertThat(kept.get("ticket_id")).isEqualTo("4711");
        assertThat(kept.get("report_enc")).isNull();
        assertThat(kept.get("citizen_id")).isNull();
        assertThat(count("SELECT COUNT(*) FROM report_case WHERE citizen_id IS NULL")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM inbound_media")).isZero();
        // Every raw event that carried the number is gone, also the one shared with the neighbour.
        assertThat(count("SELECT COUNT(*) FROM webhook_event")).isZero();
        assertThat(count("SELECT COUNT(*) FROM citizen")).as("only the neighbour").isEqualTo(1);

        // The audit row: keyed hash, time, counts; nothing else.
        Map<String, Object> audit = jdbc.queryForMap("SELECT * FROM erasure_audit");
        assertThat(audit.get("phone_hash")).isEqualTo(citizens.phoneHash(phone));
        assertThat(audit.get("erased_at")).isNotNull();
        // The message in assembly may have become a case of its own by then, on a slow machine: 1 or 2 dropped.
        assertThat((Integer) audit.get("cases_dropped")).isBetween(1, 2);
        assertThat(audit).containsEntry("messages", 5).containsEntry("photos", 2).containsEntry("cases_kept", 1).containsEntry("ticket_notes", 1).containsEntry("webhook_events", 5)
                .containsEntry("confirmation", "SENT");
        assertThat(log.getAll()).containsPattern("Erasure " + audit.get("id") + ": citizen \\d+ erased on request: 5 messages, 2 photos");
        assertThat(count("SELECT COUNT(*) FROM erasure_audit")).isEqualTo(1);

        // An admin finds the entry by the number, in any spelling; the answer names no one.
        for (String spelling : List.of("+49 151 12345678", "015112345678")) {
            HttpResponse<String> found = admin("/admin/erasures?phone=" + URLEncoder.encode(spelling, StandardCharsets.UTF_8), ADMIN_TOKEN);
            assertThat(found.statusCode()).isEqualTo(200);
            assertThat(found.body()).contains("\"id\":" + audit.get("id") + ",").contains("\"messages\":5").contains("\"confirmation\":\"SENT\"")
                    .doesNotContain("12345678").doesNotContain((String) audit.get("phone_hash"));
        }
        assertThat(admin("/admin/erasures?phone=%2B49%20151%2099999999", ADMIN_TOKEN).body()).isEqualTo("{\"erasures\":[]}");
        assertThat(admin("/admin/erasures", "wrong").statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> admin(String pathAndQuery, String token) {
        return webhooks.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .header("Authorization", "Bearer " + token).GET().build());
    }

    @Test
    void everySpellingOfTheCommandErasesAndNearMissesGetAHint() throws Exception {
        List<String> variants = List.of("Löschen", "LÖSCHEN!", "loeschen", " löschen. ");
        for (int i = 0; i < variants.size(); i++) {
            String phone = "49151200000" + i;
            webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Person " + i,
                    text(phone, newWamid(), "Der Gehweg am Bahnhof ist vereist")));
            webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Person " + i, text(phone, newWamid(), variants.get(i))));
        }
        String wish = "4915120000010";
        String report = "4915120000011";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, wish, "Wanda", text(wish, newWamid(), "Bitte meine Daten löschen")));
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, report, "Rolf",
                text(report, newWamid(), "Können Sie das Graffiti an der Brücke löschen?")));
        awaitIntakeIdle();

        for (int i = 0; i < variants.size(); i++) {
            String phone = "49151200000" + i;
            assertThat(count("SELECT COUNT(*) FROM citizen WHERE phone_hash = ?", citizens.phoneHash(phone))).as(variants.get(i)).isZero();
            assertThat(count("SELECT COUNT(*) FROM erasure_audit WHERE phone_hash = ?", citizens.phoneHash(phone))).as(variants.get(i)).isEqualTo(1);
        }
        long wisher = citizenByPhone(wish);
        assertThat(count("SELECT COUNT(*) FROM outbound_message WHERE citizen_id = ? AND purpose = 'ERASURE_HINT'", wisher)).isEqualTo(1);
        assertThat(outboundBody("SELECT body FROM outbound_message WHERE purpose = 'ERASURE_HINT'"))
                .contains("\"Löschen\"");
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE citizen_id = ? AND accepted = TRUE", wisher)).isZero();
        long reporter = citizenByPhone(report);
        assertThat(cipher.decrypt(jdbc.queryForObject("SELECT text_enc FROM inbound_message WHERE citizen_id = ? AND accepted = TRUE",
                String.class, reporter))).isEqualTo("Können Sie das Graffiti an der Brücke löschen?");
        assertThat(count("SELECT COUNT(*) FROM erasure_audit")).isEqualTo(variants.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM erasure_audit WHERE confirmation = 'SENT'") == variants.size());
    }
}
