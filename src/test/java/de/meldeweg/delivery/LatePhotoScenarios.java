package de.meldeweg.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static de.meldeweg.support.Payloads.newWamid;
import static de.meldeweg.support.Payloads.text;
import static de.meldeweg.support.Payloads.typed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import de.meldeweg.support.Fixtures;
import de.meldeweg.support.EdgeServers;
import de.meldeweg.support.EdgesContext;
import de.meldeweg.support.Payloads;
import de.meldeweg.support.PersonalDataSearch;

/**
 * A photo that the Graph API does not hand out at first: the case goes out with a note, and when
 * the fetch succeeds later, the photo follows to the same department as a "Nachtrag" mail
 * (GreenMail) answering the first mail, and as an article on the case's Zammad ticket (WireMock).
 * Runs on H2 and PostgreSQL; the test clock is moved past the fetch's retry delay.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class LatePhotoScenarios extends EdgesContext {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Two small JPEGs (SOI, a comment, EOI) that can be told apart. */
    static final byte[] JPEG_A = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xFE, 0x00, 0x04, 'a', 'a', (byte) 0xFF, (byte) 0xD9};
    static final byte[] JPEG_B = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xFE, 0x00, 0x04, 'b', 'b', (byte) 0xFF, (byte) 0xD9};

    @Autowired
    CamelContext camel;
    @Autowired
    DataSource dataSource;

    @BeforeEach
    void edges() throws Exception {
        graph().stubFor(post("/v23.0/" + Fixtures.PHONE_NUMBER_ID + "/messages").willReturn(okJson("{\"messages\": [{\"id\": \"wamid.out\"}]}")));
        zammad().stubFor(post("/api/v1/tickets").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": 4711, \"number\": \"31004711\", \"title\": \"x\"}")));
        articlesAnswer(201);
    }

    static void articlesAnswer(int status) {
        zammad().stubFor(post("/api/v1/ticket_articles").willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(status == 201 ? "{\"id\": 88, \"ticket_id\": 4711}" : "{\"error\": \"internal\"}")));
    }

    /** The Graph API answers the media metadata with 500: the photo cannot be fetched yet. */
    static void mediaFails(String mediaId) {
        graph().stubFor(get("/v23.0/" + mediaId).willReturn(aResponse().withStatus(500)
                .withBody("{\"error\": {\"message\": \"An unknown error occurred\", \"type\": \"OAuthException\", \"code\": 1}}")));
    }

    /** From now on the Graph API hands out the photo: metadata with a URL, then the file with the bearer token. */
    static void mediaServes(String mediaId, byte[] jpeg) throws Exception {
        String url = "http://127.0.0.1:" + graph().port() + "/media/" + mediaId;
        graph().stubFor(get("/v23.0/" + mediaId).willReturn(okJson("{\"messaging_product\": \"whatsapp\", \"url\": \"" + url
                + "\", \"mime_type\": \"image/jpeg\", \"sha256\": \"" + sha256(jpeg) + "\", \"file_size\": " + jpeg.length
                + ", \"id\": \"" + mediaId + "\"}")));
        graph().stubFor(get("/media/" + mediaId).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg").withBody(jpeg)));
    }

    static String sha256(byte[] content) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
    }

    static String image(String from, String mediaId, String caption, byte[] jpeg) throws Exception {
        return typed(from, newWamid(), "image", "{\"caption\": \"" + caption + "\", \"mime_type\": \"image/jpeg\", "
                + "\"sha256\": \"" + sha256(jpeg) + "\", \"id\": \"" + mediaId + "\"}");
    }

    /** Past the media fetch's retry delay (30 s after the first failure, doubling). */
    void retryTheFetch(Duration by) {
        clock.advance(by);
    }

    List<MimeMessage> mails() {
        return List.of(mail().getReceivedMessages());
    }

    static String raw(MimeMessage mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static List<BodyPart> leaves(Multipart multipart) throws Exception {
        List<BodyPart> parts = new ArrayList<>();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.getContent() instanceof Multipart nested) {
                parts.addAll(leaves(nested));
            } else {
                parts.add(part);
            }
        }
        return parts;
    }

    static String part(MimeMessage mail, String type) throws Exception {
        for (BodyPart part : leaves((Multipart) mail.getContent())) {
            if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    static List<BodyPart> photos(MimeMessage mail) throws Exception {
        return leaves((Multipart) mail.getContent()).stream().filter(p -> {
            try {
                return p.isMimeType("image/*");
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    List<JsonNode> articles() throws Exception {
        List<JsonNode> articles = new ArrayList<>();
        List<ServeEvent> events = new ArrayList<>(zammad().getAllServeEvents());
        java.util.Collections.reverse(events);
        for (ServeEvent event : events) {
            if (event.getRequest().getUrl().equals("/api/v1/ticket_articles") && event.getResponse().getStatus() == 201) {
                articles.add(JSON.readTree(event.getRequest().getBodyAsString()));
            }
        }
        return articles;
    }

    /** Waits until the delivery timer has run {@code rounds} more times: whatever it would send again, it has sent. */
    void deliveryPolls(int rounds) {
        NotifyBuilder polls = new NotifyBuilder(camel).fromRoute("delivery-send").whenDone(rounds).create();
        assertThat(polls.matches(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void latePhotosFollowByMailAndAsZammadArticlesEachExactlyOnce(CapturedOutput log) throws Exception {
        String phone = "4915112340001";
        String name = "Henrike Bärtschi";
        mediaFails("7001");
        mediaFails("7002");
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, name,
                text(phone, newWamid(), "Die Straßenlaterne am Marktplatz ist umgeknickt"),
                image(phone, "7001", "Mast von vorn, Rückruf 0151 23456789", JPEG_A),
                image(phone, "7002", "Mast von hinten", JPEG_B)));

        // The case goes out without its photos, with a note.
        await().atMost(Duration.ofSeconds(30)).until(() -> mails().size() == 1
                && count("SELECT COUNT(*) FROM delivery WHERE channel IN ('MAIL', 'TICKET') AND state = 'DELIVERED'") == 2);
        MimeMessage first = mails().get(0);
        String reference = jdbc.queryForObject("SELECT reference FROM report_case", String.class);
        assertThat(photos(first)).isEmpty();
        assertThat(part(first, "text/plain")).contains("2 Fotos konnten noch nicht abgerufen werden").contains("als Nachtrag");
        zammad().verify(1, postRequestedFor(urlEqualTo("/api/v1/tickets")));

        // The first photo comes: one Nachtrag with it, one article with it.
        mediaServes("7001", JPEG_A);
        retryTheFetch(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(30)).until(() -> mails().size() == 2 && articles().size() == 1
                && count("SELECT COUNT(*) FROM delivery WHERE channel LIKE 'PHOTOS_%' AND state = 'DELIVERED'") == 2);
        MimeMessage nachtrag = mails().get(1);
        String firstId = first.getMessageID();
        assertThat(nachtrag.getSubject()).contains(reference).contains("Nachtrag").contains("1 Foto").contains("Straßenbeleuchtung");
        assertThat(nachtrag.getHeader("In-Reply-To")).containsExactly(firstId);
        assertThat(nachtrag.getHeader("References")).containsExactly(firstId);
        assertThat(nachtrag.getMessageID()).isNotEqualTo(firstId).matches("<[a-z2-7]{32}@stadt\\.example>").doesNotContain(reference);
        assertThat(nachtrag.getHeader("X-Meldeweg-Case")).containsExactly(reference);
        assertThat(nachtrag.getHeader("X-Meldeweg-Category")).containsExactly("BELEUCHTUNG");
        assertThat(nachtrag.getAllRecipients()).extracting(Object::toString).containsExactly("strassenbeleuchtung@stadt-calw.example");
        // Its own token: the Reply-To's plus-address is the one in its Message-ID.
        assertThat(nachtrag.getReplyTo()).extracting(Object::toString).containsExactly(
                "antwort+" + nachtrag.getMessageID().substring(1, 33) + "@stadt-calw.example");
        assertThat(photos(nachtrag)).hasSize(1);
        assertThat(photos(nachtrag).get(0).getFileName()).isEqualTo("foto-1.jpg");
        assertThat(photos(nachtrag).get(0).getInputStream().readAllBytes()).isEqualTo(JPEG_A);
        assertThat(part(nachtrag, "text/plain")).contains(reference).contains("foto-1.jpg: Mast von vorn, Rückruf [Telefonnummer entfernt]")
                .contains("1 Foto konnte noch nicht abgerufen werden");
        assertThat(part(nachtrag, "text/html")).contains(reference).contains("foto-1.jpg");
        JsonNode article = articles().get(0);
        assertThat(article.path("ticket_id").asLong()).isEqualTo(4711);
        assertThat(article.path("internal").asBoolean(true)).isFalse();
        assertThat(article.path("body").asString()).contains(reference).contains("foto-1.jpg");
        assertThat(article.path("attachments")).hasSize(1);
        assertThat(article.at("/attachments/0/filename").asString()).isEqualTo("foto-1.jpg");
        assertThat(article.at("/attachments/0/mime-type").asString()).isEqualTo("image/jpeg");
        assertThat(Base64.getDecoder().decode(article.at("/attachments/0/data").asString())).isEqualTo(JPEG_A);

        // The second photo comes later: a second Nachtrag and article with only the new photo.
        mediaServes("7002", JPEG_B);
        retryTheFetch(Duration.ofSeconds(61));
        await().atMost(Duration.ofSeconds(30)).until(() -> mails().size() == 3 && articles().size() == 2);
        MimeMessage second = mails().get(2);
        assertThat(photos(second)).hasSize(1);
        assertThat(photos(second).get(0).getFileName()).isEqualTo("foto-2.jpg");
        assertThat(photos(second).get(0).getInputStream().readAllBytes()).isEqualTo(JPEG_B);
        assertThat(second.getMessageID()).isNotEqualTo(nachtrag.getMessageID());
        assertThat(second.getHeader("In-Reply-To")).containsExactly(firstId);
        assertThat(part(second, "text/plain")).doesNotContain("Hinweis");
        assertThat(articles().get(1).path("attachments")).hasSize(1);
        assertThat(Base64.getDecoder().decode(articles().get(1).at("/attachments/0/data").asString())).isEqualTo(JPEG_B);

        // Nothing goes twice, no second receipt, every photo recorded as sent on both channels.
        deliveryPolls(5);
        assertThat(mails()).hasSize(3);
        assertThat(articles()).hasSize(2);
        assertThat(count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'RECEIPT'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM inbound_media WHERE mailed_at IS NOT NULL AND ticketed_at IS NOT NULL")).isEqualTo(2);

        // No phone number and no profile name in the mails, the ticket requests, the log.
        Path sent = Files.createTempDirectory("late-photos");
        for (int i = 0; i < mails().size(); i++) {
            Files.writeString(sent.resolve("mail-" + i + ".eml"), raw(mails().get(i)));
        }
        for (ServeEvent event : zammad().getAllServeEvents()) {
            Files.writeString(sent.resolve("zammad-" + event.getId() + ".json"), event.getRequest().getBodyAsString());
        }
        Files.writeString(sent.resolve("service.log"), log.getAll());
        PersonalDataSearch search = PersonalDataSearch.in(dataSource, cipher).phone(phone).phone("4915123456789").text(name, "Bärtschi");
        assertThat(search.findingsInFiles(sent)).isEmpty();
        assertThat(log.getAll()).contains("Case " + reference + ": Nachtrag with 1 late photo(s)");
    }

    @Test
    void aFollowUpInterruptedByACrashGoesOnceAndADeadArticleIsRetriedByTheAdmin() throws Exception {
        String phone = "4915112340002";
        mediaFails("7101");
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Lutz",
                text(phone, newWamid(), "Graffiti an der Nagoldbrücke"), image(phone, "7101", "Brücke", JPEG_A)));
        await().atMost(Duration.ofSeconds(30)).until(() -> mails().size() == 1
                && count("SELECT COUNT(*) FROM delivery WHERE channel IN ('MAIL', 'TICKET') AND state = 'DELIVERED'") == 2);
        String reference = jdbc.queryForObject("SELECT reference FROM report_case", String.class);

        // SMTP and Zammad are down when the photo comes.
        EdgeServers.stopMail();
        articlesAnswer(500);
        mediaServes("7101", JPEG_A);
        retryTheFetch(Duration.ofSeconds(31));
        // The instance dies while sending the Nachtrag (after a failed attempt): its claim is left behind, the lease
        // still running. Taken while no attempt of this (live) instance is in flight, as after a real crash.
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.update("UPDATE delivery SET state = 'SENDING', next_attempt_at = ? "
                + "WHERE channel = 'PHOTOS_MAIL' AND attempts >= 1 AND state = 'PENDING'",
                java.sql.Timestamp.from(clock.instant().plus(Duration.ofHours(1)))) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT COUNT(*) FROM delivery WHERE channel = 'PHOTOS_TICKET' AND state = 'DEAD'") == 1);
        assertThat(jdbc.queryForObject("SELECT last_error FROM delivery WHERE channel = 'PHOTOS_MAIL'", String.class)).isNotBlank();

        // SMTP is back, and the crashed instance's lease runs out.
        EdgeServers.restartMail();
        jdbc.update("UPDATE delivery SET next_attempt_at = ? WHERE channel = 'PHOTOS_MAIL' AND state = 'SENDING'",
                java.sql.Timestamp.from(clock.instant().minusSeconds(1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'PHOTOS_MAIL' "
                + "AND state = 'DELIVERED'") == 1);
        assertThat(mails()).hasSize(1); // the restarted server has only the Nachtrag
        assertThat(photos(mails().get(0)).get(0).getInputStream().readAllBytes()).isEqualTo(JPEG_A);

        // The dead article is listed and retried by the admin endpoint.
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create("http://localhost:" + port + "/admin/dead-letters");
        HttpResponse<String> list = client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(list.body()).contains(reference).contains("\"channel\":\"PHOTOS_TICKET\"").doesNotContain(phone);
        long dead = jdbc.queryForObject("SELECT id FROM delivery WHERE channel = 'PHOTOS_TICKET'", Long.class);
        articlesAnswer(201);
        HttpResponse<String> retry = client.send(HttpRequest.newBuilder(URI.create(uri + "?retry=" + dead))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(retry.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> articles().size() == 1);

        // Polls after that (as after a restart) send nothing again.
        deliveryPolls(5);
        assertThat(mails()).hasSize(1);
        assertThat(articles()).hasSize(1);
        assertThat(jdbc.queryForList("SELECT state FROM delivery WHERE channel LIKE 'PHOTOS_%'", String.class))
                .containsOnly("DELIVERED");
    }

    @Test
    void aLatePhotoOfACitizenWhoErasedTheirDataIsNeverSent() throws Exception {
        String phone = "4915112340003";
        mediaFails("7201");
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Vera",
                text(phone, newWamid(), "Wilder Müll am Waldrand"), image(phone, "7201", "Sperrmüll", JPEG_A)));
        await().atMost(Duration.ofSeconds(30)).until(() -> mails().size() == 1
                && count("SELECT COUNT(*) FROM delivery WHERE channel IN ('MAIL', 'TICKET') AND state = 'DELIVERED'") == 2);

        // The photo comes while SMTP and Zammad are down: both follow-ups end as dead letters (not
        // in flight, which would finish: a request on its way cannot be called back).
        EdgeServers.stopMail();
        articlesAnswer(500);
        mediaServes("7201", JPEG_A);
        retryTheFetch(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel LIKE 'PHOTOS_%' "
                + "AND state = 'DEAD'") == 2);

        // "Löschen": the waiting follow-ups and the photo go with everything else.
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Vera", text(phone, newWamid(), "Löschen")));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM erasure_audit") == 1);
        EdgeServers.restartMail();
        articlesAnswer(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE channel = 'NOTE' AND state = 'DELIVERED'") == 1);
        deliveryPolls(5);
        assertThat(count("SELECT COUNT(*) FROM inbound_media")).isZero();
        assertThat(mails()).isEmpty();
        assertThat(articles()).hasSize(1).allSatisfy(a -> {
            assertThat(a.path("internal").asBoolean()).isTrue(); // the erasure note only
            assertThat(a.has("attachments")).isFalse();
        });
    }
}
