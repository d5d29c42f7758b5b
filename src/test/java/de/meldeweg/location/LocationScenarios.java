package de.meldeweg.location;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static de.meldeweg.support.Payloads.newWamid;
import static de.meldeweg.support.Payloads.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MailText;
import de.meldeweg.support.EdgesContext;
import de.meldeweg.support.Payloads;

/**
 * Citizens' WhatsApp reports with places in them (typos, two streets, none), from webhook to the
 * department's mail (GreenMail) and ticket (Zammad on WireMock): the place everywhere a clerk
 * looks, similar reports linked, the place asked for when missing. Runs on H2 and PostgreSQL.
 */
abstract class LocationScenarios extends EdgesContext {

    @Autowired
    SimilarReports similarReports;

    @BeforeEach
    void cleanEdges() throws Exception {
        zammad().stubFor(post("/api/v1/tickets").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": 4711, \"number\": \"31004711\"}")));
        graph().stubFor(post("/v23.0/" + Fixtures.PHONE_NUMBER_ID + "/messages")
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("{\"messaging_product\": \"whatsapp\", "
                        + "\"contacts\": [{\"input\": \"x\", \"wa_id\": \"x\"}], \"messages\": [{\"id\": \"" + newWamid() + "\"}]}")));
    }

    /** The texts WhatsApp was asked to send (text.body of each request to the Graph API). */
    static List<String> sentTexts() {
        return graph().findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v23.0/.*/messages"))).stream()
                .map(r -> {
                    try {
                        return new tools.jackson.databind.ObjectMapper().readTree(r.getBodyAsString()).path("text").path("body").asString("");
                    } catch (Exception e) {
                        return "";
                    }
                }).toList();
    }

    String sent(String purpose, long citizen) {
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM outbound_message WHERE purpose = ? "
                + "AND citizen_id = ?", purpose, citizen) > 0);
        return outboundBody("SELECT body FROM outbound_message WHERE purpose = ? AND citizen_id = ? ORDER BY id DESC "
                + "FETCH FIRST 1 ROWS ONLY", purpose, citizen);
    }

    /** Sends one text as a real webhook and waits until its case reached mail and ticket; returns the reference. */
    String report(String phone, String name, String body) {
        int before = count("SELECT COUNT(*) FROM report_case");
        assertThat(webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, name, text(phone, newWamid(), body)))
                .statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM report_case") == before + 1
                && count("SELECT COUNT(*) FROM delivery WHERE state <> 'DELIVERED'") == 0
                && everyCaseHasItsReceipt());
        return jdbc.queryForObject("SELECT reference FROM report_case ORDER BY id DESC FETCH FIRST 1 ROWS ONLY", String.class);
    }

    /** Every case's citizen has a receipt naming that case (receipts are stored encrypted). */
    private boolean everyCaseHasItsReceipt() {
        return jdbc.queryForList("SELECT citizen_id, reference FROM report_case").stream().allMatch(row ->
                outboundBodies("SELECT body FROM outbound_message WHERE purpose = 'RECEIPT' AND citizen_id = ?", row.get("citizen_id")).stream()
                        .anyMatch(body -> body.contains(String.valueOf(row.get("reference")))));
    }

    MimeMessage mailOf(String reference) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> Arrays.stream(mail().getReceivedMessages()).anyMatch(m -> is(m, reference)));
        return Arrays.stream(mail().getReceivedMessages()).filter(m -> is(m, reference)).findFirst().orElseThrow();
    }

    private static boolean is(MimeMessage mail, String reference) {
        try {
            String[] header = mail.getHeader("X-Meldeweg-Case");
            return header != null && header[0].equals(reference);
        } catch (Exception e) {
            return false;
        }
    }

    String ticketOf(String reference) {
        return zammad().findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/api/v1/tickets"))).stream()
                .map(LoggedRequest::getBodyAsString).filter(b -> b.contains(reference)).findFirst().orElseThrow();
    }

    String receiptOf(String reference) {
        // bodies are encrypted at rest: the receipt that names the reference is found after decrypting
        return outboundBodies("SELECT body FROM outbound_message WHERE purpose = 'RECEIPT'").stream()
                .filter(b -> b.contains(reference)).findFirst().orElseThrow();
    }

    static String location(MimeMessage mail) throws Exception {
        String[] header = mail.getHeader("X-Meldeweg-Location");
        return header == null ? null : MimeUtility.decodeText(header[0]);
    }

    @Test
    void aStreetWithATypoAndHouseNumberReachesMailAndTicketWithMapLink() throws Exception {
        String reference = report("4915112340101", "Jana", "In der Bishofstr. 12 ist ein tiefes Schlagloch, bitte schnell reparieren");

        MimeMessage mail = mailOf(reference);
        assertThat(location(mail)).isEqualTo("Bischofstraße 12, 75365 Calw");
        String plain = MailText.plain(mail);
        assertThat(plain).contains("Ort:            Bischofstraße 12, 75365 Calw")
                .contains("Karte:          https://www.openstreetmap.org/?mlat=48.71230&mlon=8.74120")
                .contains("Sprache:        Deutsch").doesNotContain("Ähnliche Meldungen");
        String ticket = ticketOf(reference);
        assertThat(ticket).contains("Ort: Bischofstraße 12, 75365 Calw (48.7123, 8.7412)")
                .contains("Karte: https://www.openstreetmap.org/?mlat=48.7123&mlon=8.7412");
        assertThat(jdbc.queryForMap("SELECT kind, name, house_number FROM case_location"))
                .containsValues("STREET", "Bischofstraße", "12");
        // a place was named: the receipt does not ask for it
        assertThat(receiptOf(reference)).doesNotContain("Wo genau");
    }

    @Test
    void aReportWithTwoStreetsNamesTheFirstAndMentionsTheOther() throws Exception {
        String reference = report("4915112340102", "Ole", "Ecke Lederstraße/Marktplatz ist die Ampel ausgefallen");

        MimeMessage mail = mailOf(reference);
        assertThat(location(mail)).isEqualTo("Lederstraße, 75365 Calw");
        assertThat(MailText.plain(mail)).contains("Ort:            Lederstraße, 75365 Calw (im Text auch: Marktplatz, 75365 Calw)");
        assertThat(ticketOf(reference)).contains("Lederstraße, 75365 Calw (im Text auch: Marktplatz, 75365 Calw)");
    }

    @Test
    void aReportWithoutPlaceIsAskedWhereOnceAndCarriesNoLocationHeader() throws Exception {
        String reference = report("4915112340103", "Uwe", "Die Laterne ist seit Tagen aus, bitte reparieren");

        MimeMessage mail = mailOf(reference);
        assertThat(mail.getHeader("X-Meldeweg-Location")).isNull();
        assertThat(MailText.plain(mail)).contains("Ort:            keine Angabe in der Meldung").contains("Karte:          -");
        assertThat(receiptOf(reference)).contains(reference).contains("Wo genau ist das?");
        assertThat(jdbc.queryForObject("SELECT place_asked_at FROM report_case", Object.class)).isNotNull();
        // the ticket keeps its fallback; Open311 would get the city as address
        assertThat(ticketOf(reference)).contains("Ort: keine Angabe");
    }

    @Test
    void aSecondReportOfTheSameProblemNearbyIsLinkedAndTheCitizenHearsItIsKnown() throws Exception {
        String first = report("4915112340104", "Kai", "In der Badstraße vor Nr. 27 liegt wilder Müll und Sperrmüll");
        String second = report("4915112340105", "Eva", "badstrasse 29: Sperrmüll liegt da seit Tagen");

        assertThat(MailText.plain(mailOf(second))).contains("Ähnliche Meldungen: " + first);
        assertThat(ticketOf(second)).contains("Ähnliche Meldungen: " + first);
        assertThat(MailText.plain(mailOf(first))).doesNotContain("Ähnliche Meldungen");
        String receipt = receiptOf(second);
        assertThat(receipt).contains("bereits gemeldet worden und wird bearbeitet").doesNotContain(first);
        assertThat(receiptOf(first)).doesNotContain("bereits gemeldet");

        List<SimilarReports.Link> links = similarReports.links(10);
        assertThat(links).extracting(SimilarReports.Link::reference, SimilarReports.Link::earlierReference)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(second, first));
        assertThat(links.get(0).category()).isEqualTo("SAUBERKEIT");

        // far along the same street is another place; a closed case is no longer "being worked on"
        String far = report("4915112340106", "Ute", "Badstraße 80: Sperrmüll auf dem Gehweg");
        assertThat(MailText.plain(mailOf(far))).doesNotContain("Ähnliche Meldungen");
        jdbc.update("UPDATE report_case SET state = 'CLOSED', closed_at = CURRENT_TIMESTAMP WHERE reference IN (?, ?)", first, second);
        String afterClosing = report("4915112340107", "Ali", "Badstraße 27 wieder Sperrmüll");
        assertThat(MailText.plain(mailOf(afterClosing))).doesNotContain("Ähnliche Meldungen");
    }

    @Test
    void aCaseEnrichedAgainKeepsOnePlaceAndItsLinks() throws Exception {
        String first = report("4915112340112", "Ina", "In der Badstraße vor Nr. 27 liegt wilder Müll und Sperrmüll");
        String second = report("4915112340113", "Jan", "badstrasse 29: Sperrmüll liegt da seit Tagen");
        long secondId = jdbc.queryForObject("SELECT id FROM report_case WHERE reference = ?", Long.class, second);
        assertThat(count("SELECT COUNT(*) FROM case_location WHERE case_id = ?", secondId)).isEqualTo(1);

        // The case waits for its department again with its place and link still stored and no
        // category on the row (as a case whose place an earlier version stored before forwarding).
        jdbc.update("DELETE FROM delivery WHERE case_id = ?", secondId);
        jdbc.update("UPDATE report_case SET state = 'ASSEMBLED', category_code = NULL WHERE id = ?", secondId);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE case_id = ? "
                + "AND state = 'DELIVERED'", secondId) == 2);

        assertThat(jdbc.queryForObject("SELECT category_code FROM report_case WHERE id = ?", String.class, secondId))
                .isEqualTo("SAUBERKEIT");
        assertThat(jdbc.queryForList("SELECT label FROM case_location WHERE case_id = ?", String.class, secondId))
                .containsExactly("Badstraße 29, 75365 Calw");
        assertThat(similarReports.earlierOf(secondId)).containsExactly(first);
        assertThat(zammad().findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/api/v1/tickets"))).stream()
                .filter(r -> r.getBodyAsString().contains(second)).filter(r -> r.getBodyAsString().contains("Ähnliche Meldungen: " + first)))
                .hasSize(2);
    }

    @Test
    void praiseIsNeverSimilar() throws Exception {
        report("4915112340108", "Lea", "Vielen Dank für den schönen neuen Hermann-Hesse-Platz, toll gemacht!");
        String second = report("4915112340109", "Max", "Lob an die Stadt: der Hermann-Hesse-Platz ist wunderschön geworden, danke!");
        assertThat(jdbc.queryForObject("SELECT category_code FROM report_case WHERE reference = ?", String.class, second))
                .isEqualTo("LOB_ANREGUNG");
        assertThat(MailText.plain(mailOf(second))).doesNotContain("Ähnliche Meldungen");
        assertThat(count("SELECT COUNT(*) FROM case_similar")).isZero();
    }

    @Test
    void aNamedPlaceWithATypoIsRecognisedAndLinksSimilarReports() throws Exception {
        String first = report("4915112340110", "Tom", "Am ZOB ist der Mülleimer übervoll");
        String second = report("4915112340111", "Pia", "Busbahnhoff: Mülleimer quillt über");
        assertThat(location(mailOf(first))).isEqualTo("ZOB");
        assertThat(location(mailOf(second))).isEqualTo("ZOB");
        assertThat(MailText.plain(mailOf(second))).contains("Ähnliche Meldungen: " + first);
    }

    @Test
    void aCitizenWritingEnglishGetsEnglishTextsWhileTheDepartmentReadsGermanAndTheLanguage() throws Exception {
        String phone = "4915112340120";
        String reference = report(phone, "John", "Hello, the street light outside Bahnhofstraße 5 has been broken for a week, please fix it");
        long citizen = citizenByPhone(phone);
        assertThat(sent("PRIVACY_NOTICE", citizen)).startsWith("Welcome to the WhatsApp reporting channel").contains("110").contains("112");
        assertThat(receiptOf(reference)).startsWith("Thank you for your report!").contains(reference);
        String plain = MailText.plain(mailOf(reference));
        assertThat(plain).startsWith("Guten Tag").contains("Sprache:        Englisch").contains("Bahnhofstraße 5, 75365 Calw");
        assertThat(ticketOf(reference)).contains("Sprache der Meldung: Englisch");
        await().atMost(Duration.ofSeconds(10)).until(() -> sentTexts().stream().anyMatch(t -> t.startsWith("Thank you for your report!")));
    }

    @Test
    void anEmergencyFromATurkishCitizenIsAnsweredInTurkishWith110And112() {
        String phone = "4915112340121";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Elif",
                text(phone, newWamid(), "Merhaba, lütfen yardım edin, burada bir sorun var"),
                text(phone, newWamid(), "Es brennt! Feuer in der Lederstraße 3")));
        awaitIntakeIdle();
        long citizen = citizenByPhone(phone);
        assertThat(jdbc.queryForObject("SELECT language FROM citizen WHERE id = ?", String.class, citizen)).isEqualTo("tr");
        assertThat(sent("PRIVACY_NOTICE", citizen)).startsWith("Calw Belediyesi'nin WhatsApp bildirim kanalına hoş geldiniz!");
        assertThat(sent("EMERGENCY_REPLY", citizen)).startsWith("Şu anda bir tehlike varsa").contains("110").contains("112");
    }

    @Test
    void aUkrainianCitizenAsksForTheUnsupportedAndErasesInUkrainian() throws Exception {
        String phone = "4915112340122";
        String reference = report(phone, "Olena", "Привіт! Біля школи на Бішофштрасе дуже багато сміття, будь ласка, приберіть. Bischofstraße 4");
        long citizen = citizenByPhone(phone);
        assertThat(receiptOf(reference)).startsWith("Дякуємо за ваше повідомлення!");
        assertThat(MailText.plain(mailOf(reference))).contains("Sprache:        Ukrainisch");
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Olena",
                Payloads.typed(phone, newWamid(), "audio", "{\"mime_type\": \"audio/ogg; codecs=opus\", \"sha256\": \"x\", \"id\": \"777\", \"voice\": true}")));
        assertThat(sent("HINT_UNSUPPORTED", citizen)).startsWith("На жаль, ми можемо опрацьовувати лише текстові повідомлення");

        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Olena", text(phone, newWamid(), "Löschen")));
        await().atMost(Duration.ofSeconds(15)).until(() -> sentTexts().stream().anyMatch(t -> t.startsWith("Ваші дані видалено")));
        assertThat(count("SELECT COUNT(*) FROM case_location l JOIN report_case c ON c.id = l.case_id WHERE c.reference = ?", reference)).isZero();
        assertThat(count("SELECT COUNT(*) FROM citizen WHERE id = ?", citizen)).isZero();
    }

    @Test
    void statusOnRequestTellsACitizenTheirOwnCasesAndOpensNoCase() throws Exception {
        String phone = "4915112340130";
        String mine = report(phone, "Rita", "Schlagloch in der Stuttgarter Straße 40");
        String other = report("4915112340131", "Nachbar", "Laterne in der Altburger Straße 7 ist aus");
        long citizen = citizenByPhone(phone);
        int cases = count("SELECT COUNT(*) FROM report_case");

        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Rita", text(phone, newWamid(), "Stand?")));
        String status = sent("STATUS", citizen);
        assertThat(status).startsWith("Der Stand Ihrer Meldungen:").contains(mine).contains("an Tiefbauamt")
                .doesNotContain(other).doesNotContain("Straßenbeleuchtung");

        // Another citizen's reference is not theirs: no state, no department.
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Rita", text(phone, newWamid(), other)));
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'STATUS' "
                + "AND citizen_id = ?", citizen) == 2);
        assertThat(sent("STATUS", citizen)).contains(other + ": Zu dieser Vorgangsnummer finden wir keine Meldung von Ihnen")
                .doesNotContain("Straßenbeleuchtung").doesNotContain(mine);

        jdbc.update("UPDATE report_case SET state = 'CLOSED', closed_at = CURRENT_TIMESTAMP WHERE reference = ?", mine);
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Rita", text(phone, newWamid(), "Was ist mit meiner Meldung?")));
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'STATUS' "
                + "AND citizen_id = ?", citizen) == 3);
        assertThat(sent("STATUS", citizen)).startsWith("Sie haben zurzeit keine offene Meldung");
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Rita", text(phone, newWamid(), "Status " + mine)));
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'STATUS' "
                + "AND citizen_id = ?", citizen) == 4);
        assertThat(sent("STATUS", citizen)).contains(mine + ": abgeschlossen.");

        // None of the four questions became a case, even after the grouping window.
        org.awaitility.Awaitility.await().during(Duration.ofMillis(1800)).atMost(Duration.ofSeconds(4))
                .until(() -> count("SELECT COUNT(*) FROM report_case") == cases);
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE citizen_id = ? AND accepted = TRUE AND case_id IS NULL", citizen)).isZero();
    }
}
