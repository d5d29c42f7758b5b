package de.meldeweg.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static de.meldeweg.support.Payloads.newWamid;
import static de.meldeweg.support.Payloads.text;
import static de.meldeweg.support.Payloads.typed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;

import com.github.tomakehurst.wiremock.stubbing.Scenario;

import de.meldeweg.support.EdgesContext;
import de.meldeweg.support.Fixtures;
import de.meldeweg.support.Payloads;

/**
 * Photos are fetched from the Graph API (metadata, then the file, a fresh URL once when it
 * expired), checked, and attached to the department's mail; a photo that cannot be fetched does
 * not hold the case back. Shares {@link EdgesContext} on H2 (its SMTP server and Graph API).
 */
@ContextConfiguration(initializers = EdgesContext.OnH2.class)
class PhotoForwardingTest extends EdgesContext {

    /** The smallest JPEG worth the name: SOI, a comment, EOI. */
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xFE, 0x00, 0x04, 'h', 'i', (byte) 0xFF, (byte) 0xD9};

    @BeforeEach
    void reset() throws Exception {
        graph().resetAll();
        graph().stubFor(post("/v23.0/" + Fixtures.PHONE_NUMBER_ID + "/messages").willReturn(okJson("{\"messages\": [{\"id\": \"wamid.x\"}]}")));
        mail().purgeEmailFromAllMailboxes();
    }

    private static String sha256(byte[] content) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static String image(String from, String mediaId, String sha256) {
        return typed(from, newWamid(), "image", "{\"caption\": \"Umgestürzter Baum\", \"mime_type\": \"image/jpeg\", "
                + "\"sha256\": \"" + sha256 + "\", \"id\": \"" + mediaId + "\"}");
    }

    @Test
    void aPhotoIsFetchedWithAFreshUrlWhenItExpiredAndAttached() throws Exception {
        String base = "http://127.0.0.1:" + graph().port();
        graph().stubFor(get("/v23.0/1111").inScenario("url").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"messaging_product\": \"whatsapp\", \"url\": \"" + base + "/media/old\", \"mime_type\": \"image/jpeg\", "
                        + "\"sha256\": \"x\", \"file_size\": 10, \"id\": \"1111\"}")).willSetStateTo("fresh"));
        graph().stubFor(get("/v23.0/1111").inScenario("url").whenScenarioStateIs("fresh")
                .willReturn(okJson("{\"messaging_product\": \"whatsapp\", \"url\": \"" + base + "/media/new\", \"mime_type\": \"image/jpeg\", "
                        + "\"sha256\": \"x\", \"file_size\": 10, \"id\": \"1111\"}")));
        graph().stubFor(get("/media/old").willReturn(aResponse().withStatus(404)));
        graph().stubFor(get("/media/new").withHeader("Authorization", equalTo("Bearer graph-token"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg").withBody(JPEG)));

        String phone = "4915112345692";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Mia", image(phone, "1111", sha256(JPEG))));
        await().atMost(Duration.ofSeconds(20)).until(() -> mail().getReceivedMessages().length == 1);

        MimeMessage mail = mail().getReceivedMessages()[0];
        Multipart mixed = (Multipart) mail.getContent();
        BodyPart photo = mixed.getBodyPart(1);
        assertThat(photo.isMimeType("image/jpeg")).isTrue();
        assertThat(photo.getFileName()).isEqualTo("foto-1.jpg");
        assertThat(photo.getInputStream().readAllBytes()).isEqualTo(JPEG);
        graph().verify(2, getRequestedFor(urlEqualTo("/v23.0/1111")));
    }

    @Test
    void aPhotoThatCannotBeFetchedDoesNotHoldTheCaseBack() throws Exception {
        graph().stubFor(get("/v23.0/2222").willReturn(aResponse().withStatus(500)));
        String phone = "4915112345693";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Jan",
                text(phone, newWamid(), "Baum umgestürzt im Stadtgarten"), image(phone, "2222", sha256(JPEG))));
        // This case's mail (a case of an earlier test may still be on its way).
        String[] body = new String[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (MimeMessage mail : mail().getReceivedMessages()) {
                String text = (String) ((Multipart) ((Multipart) mail.getContent()).getBodyPart(0).getContent()).getBodyPart(0).getContent();
                if (text.contains("Stadtgarten")) {
                    body[0] = text;
                }
            }
            return body[0] != null;
        });
        assertThat(body[0]).contains("1 Foto konnte noch nicht abgerufen werden").contains("als Nachtrag");
        assertThat(jdbc.queryForObject("SELECT state FROM inbound_media", String.class)).isEqualTo("PENDING");
    }

    @Test
    void aFileThatIsNoJpegOrPngOrDoesNotMatchItsChecksumIsRefused() throws Exception {
        String base = "http://127.0.0.1:" + graph().port();
        graph().stubFor(get("/v23.0/3333").willReturn(okJson("{\"url\": \"" + base + "/media/html\", \"mime_type\": \"image/jpeg\", \"file_size\": 20, \"id\": \"3333\"}")));
        byte[] html = "<html>not a photo</html>".getBytes();
        graph().stubFor(get("/media/html").willReturn(aResponse().withStatus(200).withBody(html)));
        String phone = "4915112345694";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Ute", image(phone, "3333", sha256(html))));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM inbound_media WHERE state = 'FAILED'") == 1);
        assertThat(jdbc.queryForObject("SELECT last_error FROM inbound_media", String.class)).isEqualTo("photo is neither JPEG nor PNG");
        assertThat(jdbc.queryForObject("SELECT content FROM inbound_media", byte[].class)).isNull();
    }
}
