package de.meldeweg.console.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.meldeweg.console.ConsoleSession;

/**
 * The citizen simulator in the development mode, over HTTP as a browser without JavaScript uses
 * it: a report gets the privacy notice and the receipt with its reference and a link to the case
 * page, an emergency the numbers 110 and 112, a reaction is taken, and "Löschen" ends with the
 * confirmation; a photo is fetched through the Graph API stand-in, reaches the department's mail
 * and the case page, and the department's answer by mail reaches the chat. Everything went through
 * the real, signed webhook and the real mail server protocols (GreenMail).
 */
class SimulatorConversationTest extends SimulatorContext {

    @BeforeEach
    void emptyMailServer() throws Exception {
        MAIL.purgeEmailFromAllMailboxes();
    }

    @Test
    void aReportItsReceiptAnEmergencyAReactionAndLoeschen() {
        ConsoleSession staff = ConsoleSession.signIn(port, "lesen");
        assertThat(staff.get("/console").body()).contains("/console/simulator");
        assertThat(staff.submit("/console/simulator", "/console/simulator",
                Map.of("action", "text", "text", "Riesiges Schlagloch in der Bahnhofstraße vor Nr. 12")).statusCode()).isEqualTo(302);
        String page = await().atMost(Duration.ofSeconds(30)).until(() -> staff.get("/console/simulator").body(),
                p -> p.contains("Ihre Vorgangsnummer ist"));
        assertThat(page).contains("Riesiges Schlagloch in der Bahnhofstraße").contains("Willkommen beim WhatsApp-Meldekanal")
                .containsPattern("href=\"/console/cases/[A-Z]{1,5}-\\d{4}-\\d+\"");
        String reference = jdbc.queryForObject("SELECT reference FROM report_case", String.class);
        assertThat(page).contains("Ihre Vorgangsnummer ist " + reference);
        assertThat(staff.get("/console/cases/" + reference).statusCode()).isEqualTo(200);
        // Only a correctly signed webhook is stored and read (a wrong signature is answered 401 and dropped).
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_event", Integer.class)).isEqualTo(1);
        assertThat(page).doesNotContain("Der Webhook hat mit HTTP");

        staff.submit("/console/simulator", "/console/simulator", Map.of("action", "emergency"));
        await().atMost(Duration.ofSeconds(30)).until(() -> staff.get("/console/simulator").body(), p -> p.contains("112 (Feuerwehr"));

        String chat = staff.get("/console/simulator/chat").body();
        String to = chat.substring(chat.indexOf("name=\"to\" value=\"") + 17);
        to = to.substring(0, to.indexOf('"'));
        assertThat(staff.submit("/console/simulator", "/console/simulator", Map.of("action", "react", "to", to)).statusCode()).isEqualTo(302);
        assertThat(staff.get("/console/simulator").body()).contains("<span class=\"bubble-text\">👍</span>").doesNotContain("Der Webhook hat mit HTTP");

        staff.submit("/console/simulator", "/console/simulator", Map.of("action", "erase"));
        await().atMost(Duration.ofSeconds(30)).until(() -> staff.get("/console/simulator").body(), p -> p.contains("Ihre Daten sind gelöscht"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM citizen", Integer.class)).isZero();
    }

    @Test
    void aPhotoReachesTheDepartmentAndTheCasePageAndTheDepartmentsAnswerByMailReachesTheChat() throws Exception {
        ConsoleSession staff = ConsoleSession.signIn(port, "lesen");
        staff.submit("/console/simulator", "/console/simulator", Map.of("action", "clear"));
        byte[] jpeg = photo();
        assertThat(staff.submitFile("/console/simulator", "/console/simulator",
                Map.of("action", "photo", "text", "Umgefallenes Verkehrsschild an der Kreuzung Marktstraße"),
                "photo", "IMG_0001.jpg", "image/jpeg", jpeg).statusCode()).isEqualTo(302);
        assertThat(staff.get("/console/simulator").body()).contains("📷 Umgefallenes Verkehrsschild").doesNotContain("Der Webhook hat mit HTTP");

        // The department's mail arrives over SMTP with the photo attached.
        MimeMessage forward = await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (MimeMessage m : MAIL.getReceivedMessages()) {
                if (m.getSubject().contains(reference())) {
                    return m;
                }
            }
            return null;
        }, m -> m != null);
        Multipart mixed = (Multipart) forward.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        assertThat(mixed.getBodyPart(1).isMimeType("image/jpeg")).isTrue();
        assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("foto-1.jpg");
        assertThat(jdbc.queryForObject("SELECT state FROM inbound_media", String.class)).isEqualTo("FETCHED");

        // The case page shows it, as in production.
        String reference = reference();
        String casePage = staff.get("/console/cases/" + reference).body();
        assertThat(casePage).contains("/console/cases/" + reference + "/photos/");
        String photoPath = casePage.substring(casePage.indexOf("/console/cases/" + reference + "/photos/"));
        photoPath = photoPath.substring(0, photoPath.indexOf('"'));
        HttpResponse<String> photoAnswer = staff.get(photoPath);
        assertThat(photoAnswer.statusCode()).isEqualTo(200);
        assertThat(photoAnswer.headers().firstValue("Content-Type").orElse("")).startsWith("image/jpeg");

        // The stand-in gives nothing without its token.
        String mediaId = jdbc.queryForObject("SELECT media_id FROM inbound_media", String.class);
        HttpClient http = HttpClient.newHttpClient();
        for (String path : new String[] {"/console/simulator/graph/v23.0/" + mediaId, "/console/simulator/graph/files/" + mediaId}) {
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer falsch").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as(path).isEqualTo(401);
        }

        // The department answers as its mail client does: from its address, to the Reply-To with the token, In-Reply-To the Message-ID.
        String department = ((InternetAddress) forward.getRecipients(Message.RecipientType.TO)[0]).getAddress();
        MimeMessage answer = new MimeMessage(Session.getInstance(new Properties()));
        answer.setFrom(new InternetAddress(department, "Sachbearbeitung", "UTF-8"));
        answer.setRecipients(Message.RecipientType.TO, ((InternetAddress) forward.getReplyTo()[0]).getAddress());
        answer.setSubject("AW: " + forward.getSubject(), "UTF-8");
        answer.setHeader("In-Reply-To", forward.getMessageID());
        answer.setHeader("References", forward.getMessageID());
        answer.setText("Danke für den Hinweis, wir stellen das Schild morgen früh wieder auf.\n\nMit freundlichen Grüßen\nIhre Stadtverwaltung",
                "UTF-8");
        answer.saveChanges();
        REPLIES.deliver(answer);

        String page = await().atMost(Duration.ofSeconds(30)).until(() -> staff.get("/console/simulator/chat").body(),
                p -> p.contains("wir stellen das Schild morgen früh wieder auf"));
        String bubble = page.substring(page.lastIndexOf("<li", page.indexOf("wir stellen das Schild morgen früh wieder auf")));
        assertThat(bubble).startsWith("<li class=\"bubble city\"").contains("Ihrer Meldung " + reference);
        assertThat(jdbc.queryForObject("SELECT outcome FROM reply", String.class)).isEqualTo("RELAYED");
    }

    private String reference() {
        return jdbc.queryForList("SELECT reference FROM report_case", String.class).stream().findFirst().orElse("(noch kein Vorgang)");
    }
}
