package de.meldeweg.location;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
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
import org.springframework.test.context.DynamicPropertyRegistry;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MailText;
import de.meldeweg.support.MeldewegTestBase;
import de.meldeweg.support.Payloads;

/**
 * Citizens' WhatsApp reports with places in them (typos, two streets, none), from webhook to the
 * department's mail (GreenMail) and ticket (Zammad on WireMock): the place everywhere a clerk
 * looks, similar reports linked, the place asked for when missing. Runs on H2 and PostgreSQL.
 */
abstract class LocationScenarios extends MeldewegTestBase {

    static final GreenMail MAIL = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    static final WireMockServer ZAMMAD = new WireMockServer(options().dynamicPort());

    static {
        MAIL.start();
        ZAMMAD.start();
    }

    @Autowired
    SimilarReports similarReports;

    static void edges(DynamicPropertyRegistry registry) {
        registry.add("meldeweg.mail.smtp.host", () -> "127.0.0.1");
        registry.add("meldeweg.mail.smtp.port", () -> MAIL.getSmtp().getPort());
        registry.add("meldeweg.mail.smtp.starttls", () -> "false");
        registry.add("meldeweg.case.grouping-window", () -> "PT1S");
        registry.add("meldeweg.case.assembly-interval", () -> "200");
        registry.add("meldeweg.delivery.interval", () -> "200");
        registry.add("meldeweg.ticket.system", () -> "zammad");
        registry.add("meldeweg.ticket.base-url", () -> "http://127.0.0.1:" + ZAMMAD.port());
        registry.add("meldeweg.ticket.token", () -> "zammad-token");
    }

    @BeforeEach
    void cleanEdges() throws Exception {
        MAIL.purgeEmailFromAllMailboxes();
        ZAMMAD.resetAll();
        ZAMMAD.stubFor(post("/api/v1/tickets").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": 4711, \"number\": \"31004711\"}")));
    }

    /** Sends one text as a real webhook and waits until its case reached mail and ticket; returns the reference. */
    String report(String phone, String name, String body) {
        int before = count("SELECT COUNT(*) FROM report_case");
        assertThat(webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, name, text(phone, newWamid(), body)))
                .statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM report_case") == before + 1
                && count("SELECT COUNT(*) FROM delivery WHERE state <> 'DELIVERED'") == 0
                && count("SELECT COUNT(*) FROM report_case c WHERE NOT EXISTS (SELECT 1 FROM outbound_message o "
                + "WHERE o.citizen_id = c.citizen_id AND o.purpose = 'RECEIPT' AND o.body LIKE '%' || c.reference || '%')") == 0);
        return jdbc.queryForObject("SELECT reference FROM report_case ORDER BY id DESC FETCH FIRST 1 ROWS ONLY", String.class);
    }

    MimeMessage mailOf(String reference) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> Arrays.stream(MAIL.getReceivedMessages()).anyMatch(m -> is(m, reference)));
        return Arrays.stream(MAIL.getReceivedMessages()).filter(m -> is(m, reference)).findFirst().orElseThrow();
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
        return ZAMMAD.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/api/v1/tickets"))).stream()
                .map(LoggedRequest::getBodyAsString).filter(b -> b.contains(reference)).findFirst().orElseThrow();
    }

    String receiptOf(String reference) {
        return jdbc.queryForObject("SELECT body FROM outbound_message WHERE purpose = 'RECEIPT' AND body LIKE ?", String.class,
                "%" + reference + "%");
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
}
