package de.meldeweg.replies;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;

import de.meldeweg.citizen.Sender;
import de.meldeweg.support.Fixtures;
import de.meldeweg.support.CityMailServer;
import de.meldeweg.support.MeldewegTestBase;
import de.meldeweg.support.Payloads;

/**
 * Department answers reach the citizen: real reply mails in a GreenMail IMAP mailbox (plain,
 * HTML, quoted, Outlook-style, signed, without reference, for an erased citizen), Zammad
 * followed through WireMock, WhatsApp through WireMock, and the 24-hour window on a clock the
 * test moves. Runs on H2 and PostgreSQL.
 */
// Closed after the class: a cached context would keep polling the shared mailbox and ticket system.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@Import(MutableClock.Config.class)
@ExtendWith(OutputCaptureExtension.class)
abstract class RepliesScenarios extends MeldewegTestBase {

    static final String MAILBOX = "antwort@stadt-calw.example";
    static final String DEPARTMENT = "tiefbauamt@stadt-calw.example";
    static final CityMailServer CITY_MAIL = new CityMailServer(MAILBOX);
    static final GreenMail MAIL = CITY_MAIL.mail();
    static final WireMockServer GRAPH = new WireMockServer(options().dynamicPort());
    static final WireMockServer ZAMMAD = new WireMockServer(options().dynamicPort());
    static final String MESSAGES = "/v23.0/" + Fixtures.PHONE_NUMBER_ID + "/messages";
    static GreenMailUser mailbox = CITY_MAIL.mailbox();

    static {
        GRAPH.start();
        ZAMMAD.start();
    }

    static void repliesSetup(DynamicPropertyRegistry registry) {
        CITY_MAIL.properties(registry);
        registry.add("meldeweg.whatsapp.api-base-url", () -> "http://localhost:" + GRAPH.port() + "/v23.0");
        registry.add("meldeweg.whatsapp.access-token", () -> "EAAGtest");
        registry.add("meldeweg.whatsapp.answer-template.name", () -> "meldeweg_antwort");
        registry.add("meldeweg.whatsapp.answer-template.language", () -> "de");
        registry.add("meldeweg.replies.held-interval", () -> "200");
        registry.add("meldeweg.replies.ticket-interval", () -> "200");
        registry.add("meldeweg.replies.ticket-every", () -> "PT0.5S");
        registry.add("meldeweg.ticket.system", () -> "zammad");
        registry.add("meldeweg.ticket.base-url", () -> "http://127.0.0.1:" + ZAMMAD.port());
        registry.add("meldeweg.ticket.token", () -> "zammad-token");
        registry.add("meldeweg.case.assembly-interval", () -> "600000");
    }

    @Autowired
    MutableClock clock;

    @BeforeEach
    void cleanEdges() throws Exception {
        clock.reset();
        // The previous test's mail leaves the mailbox first: no purge while the poller still holds it.
        await().atMost(Duration.ofSeconds(15)).until(this::inboxEmpty);
        MAIL.purgeEmailFromAllMailboxes();
        GRAPH.resetAll();
        GRAPH.stubFor(post(MESSAGES).willReturn(okJson("{\"messaging_product\": \"whatsapp\", \"contacts\": [{\"input\": \"x\", "
                + "\"wa_id\": \"x\"}], \"messages\": [{\"id\": \"wamid.HBgNtest" + System.nanoTime() + "\"}]}")));
        ZAMMAD.resetAll();
        for (String table : List.of("reply_message", "reply_held", "reply", "ticket_follow")) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A forwarded case, with the Message-ID and Reply-To its mail to the department carried. */
    record Case(long id, String reference, long citizen, long delivery, String phone, String messageId, String replyAddress) {
    }

    @Autowired
    de.meldeweg.delivery.ReplyTokens replyTokens;

    private static final java.util.concurrent.atomic.AtomicInteger NUMBER = new java.util.concurrent.atomic.AtomicInteger(
            (int) (System.nanoTime() % 400_000));

    /** A forwarded case whose citizen wrote {@code lastMessage}; with a ticket id when given. */
    Case forwardedCase(Instant lastMessage, String ticketId) {
        int n = NUMBER.incrementAndGet();
        String phone = "49151" + String.format("%08d", n);
        String reference = String.format("WK-2026-%06d", 500_000 + n % 400_000);
        long citizen = citizens.findOrCreate(new Sender(phone, null, "Hanna Beispiel", null), Instant.now());
        citizens.touchInbound(citizen, lastMessage);
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("INSERT INTO report_case (reference, citizen_id, state, category_code, category_name, department_name, department_email, "
                + "created_at, forwarded_at, ticket_id) VALUES (?, ?, 'FORWARDED', 'STRASSE', 'Straße', 'Tiefbauamt', ?, ?, ?, ?)",
                reference, citizen, DEPARTMENT, now, now, ticketId);
        long id = jdbc.queryForObject("SELECT id FROM report_case WHERE reference = ?", Long.class, reference);
        jdbc.update("INSERT INTO delivery (case_id, channel, state, next_attempt_at, created_at, delivered_at) VALUES (?, 'MAIL', 'DELIVERED', ?, ?, ?)",
                id, now, now, now);
        long delivery = jdbc.queryForObject("SELECT id FROM delivery WHERE case_id = ?", Long.class, id);
        // The token the case's mail carried, as MailDelivery issues it when it sends the mail.
        String token = replyTokens.issue(id, delivery, "mail");
        return new Case(id, reference, citizen, delivery, phone, replyTokens.messageId(token), replyTokens.replyTo(token));
    }

    static MimeMessage reply(String from, String to, String subject, String messageId, String inReplyTo) throws Exception {
        MimeMessage mail = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        mail.setFrom(new InternetAddress(from, "Max Mustermann", "UTF-8"));
        mail.setRecipients(Message.RecipientType.TO, to);
        mail.setSubject(subject, "UTF-8");
        mail.setSentDate(new java.util.Date());
        if (inReplyTo != null) {
            mail.setHeader("In-Reply-To", inReplyTo);
            mail.setHeader("References", inReplyTo);
        }
        return mail;
    }

    static MimeMessage plainReply(String from, String to, String subject, String inReplyTo, String text) throws Exception {
        MimeMessage mail = reply(from, to, subject, "<" + System.nanoTime() + ".reply@stadt-calw.example>", inReplyTo);
        mail.setText(text, "UTF-8");
        mail.saveChanges();
        return mail;
    }

    /** The department answers as its mail client does: to the Reply-To, In-Reply-To and References the Message-ID. */
    static MimeMessage answer(String from, Case kase, String subject, String text) throws Exception {
        return plainReply(from, kase.replyAddress(), subject, kase.messageId(), text);
    }

    void deliver(MimeMessage mail) {
        mailbox.deliver(mail);
    }

    List<String> answersTo(long citizen, String purpose) {
        return outboundBodies("SELECT body FROM outbound_message WHERE citizen_id = ? AND purpose = ? ORDER BY id",
                citizen, purpose);
    }

    String stateOf(long citizen, String purpose) {
        return jdbc.queryForList("SELECT state FROM outbound_message WHERE citizen_id = ? AND purpose = ? ORDER BY id DESC", String.class,
                citizen, purpose).stream().findFirst().orElse(null);
    }

    List<String> graphRequests() {
        return GRAPH.getAllServeEvents().stream().map(e -> e.getRequest().getBodyAsString()).toList();
    }

    /** Every processed mail has left the mailbox's INBOX. */
    boolean inboxEmpty() throws Exception {
        return MAIL.getManagers().getImapHostManager().getInbox(mailbox).getMessages().isEmpty();
    }

    MimeMessage[] mailsTo(String address) {
        return Arrays.stream(MAIL.getReceivedMessages()).filter(m -> {
            try {
                return m.getRecipients(Message.RecipientType.TO) != null
                        && Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().contains(address));
            } catch (Exception e) {
                return false;
            }
        }).toArray(MimeMessage[]::new);
    }

    /** The citizen writes on WhatsApp now (by the service's clock). */
    void citizenWrites(String phone, String text) {
        long at = clock.instant().getEpochSecond() + 2;
        String message = "{\"from\": \"" + phone + "\", \"id\": \"" + Payloads.newWamid() + "\", \"timestamp\": \"" + at
                + "\", \"type\": \"text\", \"text\": {\"body\": \"" + text + "\"}}";
        assertThat(webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Hanna Beispiel", message)).statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- mail

    @Test
    void aPlainReplyWithQuoteAndSignatureReachesTheCitizenAsTextInsideTheWindow(CapturedOutput log) throws Exception {
        Case kase = forwardedCase(Instant.now().minus(Duration.ofHours(2)), null);
        deliver(answer(DEPARTMENT, kase, "AW: " + kase.reference() + ": Straße", """
                Guten Tag,

                das Schlagloch in der Bahnhofstraße wird am Montag verfüllt.

                Mit freundlichen Grüßen
                Max Mustermann
                Tiefbauamt
                Telefon 07051 167-123

                Am 28.11.2026 um 10:15 schrieb Meldeweg <meldeweg@stadt.example>:
                > Meldung %s über Meldeweg (WhatsApp)
                > Nachricht (pseudonymisiert): Schlagloch
                """.formatted(kase.reference())));

        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(stateOf(kase.citizen(), AnswerRelay.ANSWER)));
        String expected = "Antwort von Tiefbauamt zu Ihrer Meldung " + kase.reference() + ":\n\nGuten Tag,\n\n"
                + "das Schlagloch in der Bahnhofstraße wird am Montag verfüllt.\n\nMit freundlichen Grüßen\nMax Mustermann\nTiefbauamt";
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(equalToJson("{\"messaging_product\": \"whatsapp\", "
                + "\"recipient_type\": \"individual\", \"to\": \"" + kase.phone() + "\", \"type\": \"text\", "
                + "\"text\": {\"preview_url\": false, \"body\": " + new tools.jackson.databind.ObjectMapper().writeValueAsString(expected) + "}}")));
        await().atMost(Duration.ofSeconds(15)).until(this::inboxEmpty);
        assertThat(jdbc.queryForObject("SELECT outcome FROM reply WHERE case_id = ?", String.class, kase.id())).isEqualTo("RELAYED");

        // Delivery statuses from the webhook show that it arrived.
        String wamid = GRAPH.getAllServeEvents().get(0).getResponse().getBodyAsString().replaceAll(".*\"id\": \"([^\"]+)\".*", "$1");
        webhooks.postSigned(Payloads.envelope(Payloads.change(Fixtures.PHONE_NUMBER_ID, null, List.of(),
                List.of(Payloads.status(wamid, "delivered", kase.phone())))));
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(jdbc.queryForObject(
                "SELECT o.delivery_status FROM reply y JOIN reply_message m ON m.reply_id = y.id JOIN outbound_message o ON o.id = m.outbound_id "
                        + "WHERE y.case_id = ?", String.class, kase.id())));
        // The log names the case, never the citizen, the sender or the text.
        assertThat(log.getAll()).contains(kase.reference()).doesNotContain(kase.phone()).doesNotContain("Hanna")
                .doesNotContain("Schlagloch in der Bahnhofstraße").doesNotContain("Mustermann").doesNotContain(DEPARTMENT);
    }

    @Test
    void anOutlookHtmlReplyIsRelayedAsPlainText() throws Exception {
        Case kase = forwardedCase(Instant.now(), null);
        MimeMessage mail = reply(DEPARTMENT, kase.replyAddress(), "AW: " + kase.reference() + ": Straße",
                "<outlook." + System.nanoTime() + "@stadt-calw.example>", kase.messageId());
        MimeBodyPart html = new MimeBodyPart();
        html.setText("<html><head><style>p.MsoNormal{margin:0}</style></head><body><div class=\"WordSection1\">"
                + "<p class=\"MsoNormal\">Sehr geehrte Damen und Herren,</p><p class=\"MsoNormal\">der Gehweg wird <b>ab 2. Dezember</b> "
                + "instand gesetzt.</p><div id=\"appendonsend\"></div><hr><div id=\"divRplyFwdMsg\"><b>Von:</b> Meldeweg "
                + "&lt;meldeweg@stadt.example&gt;<br><b>Gesendet:</b> Samstag, 28. November 2026 10:15<br><b>Betreff:</b> "
                + kase.reference() + "</div><div>Nachricht (pseudonymisiert): Gehweg kaputt</div></div></body></html>", "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative", html);
        mail.setContent(alternative);
        mail.saveChanges();
        deliver(mail);

        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(stateOf(kase.citizen(), AnswerRelay.ANSWER)));
        assertThat(answersTo(kase.citizen(), AnswerRelay.ANSWER)).singleElement().isEqualTo("Antwort von Tiefbauamt zu Ihrer Meldung "
                + kase.reference() + ":\n\nSehr geehrte Damen und Herren,\n\nder Gehweg wird ab 2. Dezember instand gesetzt.");
    }

    @Test
    void aMailWithoutTokenFromOutsideTheCityIsSettledWithoutAnyAnswer() throws Exception {
        Case kase = forwardedCase(Instant.now(), null);
        deliver(plainReply("buergerin@example.org", MAILBOX, "Frage zur Baustelle", null, "Wann ist die Baustelle fertig? Hanna, 0151 99887766"));

        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM reply WHERE outcome = 'UNMATCHED'") == 1);
        await().atMost(Duration.ofSeconds(15)).until(this::inboxEmpty);
        // Explanations go only to the city's own domains: no backscatter to outside addresses.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> mailsTo("buergerin@example.org").length == 0);
        assertThat(answersTo(kase.citizen(), AnswerRelay.ANSWER)).isEmpty();
    }

    @Test
    void aCityMailWithoutTokenGetsOneExplanationThatRevealsNothing() throws Exception {
        Case kase = forwardedCase(Instant.now(), null);
        String clerk = "kaemmerei@stadt-calw.example";
        deliver(plainReply(clerk, MAILBOX, "AW: " + kase.reference() + " Baustelle", null, "Wann ist die Baustelle fertig?"));

        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(clerk).length == 1);
        MimeMessage explanation = mailsTo(clerk)[0];
        assertThat(explanation.getSubject()).isEqualTo("Meldeweg: Ihre Nachricht wurde nicht weitergeleitet");
        assertThat(explanation.getHeader("Auto-Submitted")).containsExactly("auto-replied");
        assertThat(explanation.getMessageID()).doesNotContain(kase.reference()).matches("<[a-z2-7]{32}@stadt\\.example>");
        String text = (String) explanation.getContent();
        assertThat(text).contains("nicht an Bürgerinnen oder Bürger weitergeleitet").doesNotContain(kase.reference())
                .doesNotContain("Baustelle");
        await().atMost(Duration.ofSeconds(15)).until(() -> count("SELECT COUNT(*) FROM reply WHERE outcome = 'UNMATCHED'") == 1);
        assertThat(answersTo(kase.citizen(), AnswerRelay.ANSWER)).isEmpty();
        await().atMost(Duration.ofSeconds(15)).until(this::inboxEmpty);
    }

    @Test
    void anAnswerForACitizenWhoErasedTheirDataGetsTheSameExplanationAsAnyOther() throws Exception {
        Case kase = forwardedCase(Instant.now(), null);
        jdbc.update("UPDATE report_case SET citizen_id = NULL WHERE id = ?", kase.id());
        deliver(answer(DEPARTMENT, kase, "AW: " + kase.reference(), "Ist erledigt."));

        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(DEPARTMENT).length == 1);
        String text = (String) mailsTo(DEPARTMENT)[0].getContent();
        // Word for word the text anyone gets whose mail is not relayed: it does not tell that the citizen erased their data.
        assertThat(text.replace("\r\n", "\n").strip()).isEqualTo(
                java.nio.file.Files.readString(java.nio.file.Path.of("config/templates/mail/reply-not-relayed.txt")).strip());
        assertThat(text).doesNotContain(kase.reference()).doesNotContain("lösch").doesNotContain(kase.phone());
        await().atMost(Duration.ofSeconds(15)).until(() -> "ERASED".equals(jdbc.queryForList("SELECT outcome FROM reply WHERE case_id = ?",
                String.class, kase.id()).stream().findFirst().orElse(null)));
        assertThat(count("SELECT COUNT(*) FROM outbound_message WHERE purpose = ?", AnswerRelay.ANSWER)).isZero();
    }

    @Test
    void theMarkerInTheSubjectClosesTheCaseAndTheCitizenIsToldAfterTheAnswer() throws Exception {
        Case kase = forwardedCase(Instant.now(), null);
        deliver(answer(DEPARTMENT, kase, "[Erledigt] AW: " + kase.reference(), "Die Laterne leuchtet wieder."));

        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(stateOf(kase.citizen(), AnswerRelay.CASE_CLOSED)));
        assertThat(jdbc.queryForObject("SELECT state FROM report_case WHERE id = ?", String.class, kase.id())).isEqualTo("CLOSED");
        assertThat(jdbc.queryForObject("SELECT closed_at FROM report_case WHERE id = ?", Timestamp.class, kase.id())).isNotNull();
        List<String> sent = graphRequests();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1)).contains("Die Laterne leuchtet wieder.");
        assertThat(sent.get(0)).contains("als erledigt abgeschlossen").contains(kase.reference());
    }

    @Test
    void automaticAnswersAreNeitherRelayedNorAnswered() throws Exception {
        Case kase = forwardedCase(Instant.now(), null);
        MimeMessage away = answer(DEPARTMENT, kase, "Automatische Antwort: " + kase.reference(), "Ich bin bis Montag nicht im Büro.");
        away.setHeader("Auto-Submitted", "auto-replied");
        away.saveChanges();
        deliver(away);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM reply WHERE outcome = 'AUTOMATIC'") == 1);
        assertThat(answersTo(kase.citizen(), AnswerRelay.ANSWER)).isEmpty();
        assertThat(mailsTo(DEPARTMENT)).isEmpty();
    }

    @Test
    void aMailFromOutsideTheDepartmentsDomainIsNotRelayed() throws Exception {
        Case kase = forwardedCase(Instant.now(), null);
        deliver(answer("irgendwer@example.net", kase, "AW: " + kase.reference(), "Ihre Meldung ist erledigt."));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM reply WHERE outcome = 'REFUSED'") == 1);
        assertThat(answersTo(kase.citizen(), AnswerRelay.ANSWER)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT closed_at FROM report_case WHERE id = ?", Timestamp.class, kase.id())).isNull();
    }

    @Test
    void theSameMailPolledAgainIsNeverRelayedTwice() throws Exception {
        Case kase = forwardedCase(Instant.now(), null);
        MimeMessage mail = answer(DEPARTMENT, kase, "AW: " + kase.reference(), "Wird erledigt.");
        deliver(mail);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(stateOf(kase.citizen(), AnswerRelay.ANSWER)));
        await().atMost(Duration.ofSeconds(15)).until(this::inboxEmpty);

        // The mailbox hands the same mail out again (a copy unflagged, a restored backup, a crash before flagging).
        deliver(mail);
        await().atMost(Duration.ofSeconds(20)).until(this::inboxEmpty);
        assertThat(answersTo(kase.citizen(), AnswerRelay.ANSWER)).hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM reply WHERE case_id = ?", kase.id())).isEqualTo(1);
    }

    @Test
    void aLongAnswerIsSplitIntoMessagesThatFitWhatsApp() throws Exception {
        Case kase = forwardedCase(Instant.now(), null);
        String paragraph = "Die Sanierung der Fahrbahn erfolgt in mehreren Abschnitten. ".repeat(20).strip();
        String text = String.join("\n\n", java.util.Collections.nCopies(6, paragraph));
        deliver(answer(DEPARTMENT, kase, "AW: " + kase.reference(), text));

        await().atMost(Duration.ofSeconds(30)).until(() -> answersTo(kase.citizen(), AnswerRelay.ANSWER).size() == 2);
        List<String> parts = answersTo(kase.citizen(), AnswerRelay.ANSWER);
        assertThat(parts.get(0)).startsWith("(1/2) Antwort von Tiefbauamt zu Ihrer Meldung " + kase.reference());
        assertThat(parts.get(1)).startsWith("(2/2) ").endsWith("in mehreren Abschnitten.");
        assertThat(parts).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(4096));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM outbound_message WHERE citizen_id = ? AND state = 'SENT'",
                kase.citizen()) == 2);
    }

    // ---------------------------------------------------------------- 24-hour window

    @Test
    void outsideTheWindowTheTemplateGoesOutAndTheAnswerFollowsWhenTheCitizenWritesAgain() throws Exception {
        Case kase = forwardedCase(Instant.now(), null);
        clock.advance(Duration.ofHours(25));
        deliver(answer(DEPARTMENT, kase, "AW: " + kase.reference(), "Die Bank im Park wird ersetzt."));

        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(stateOf(kase.citizen(), HeldAnswers.NOTICE)));
        assertThat(stateOf(kase.citizen(), AnswerRelay.ANSWER)).isEqualTo("TEMPLATE_NEEDED");
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(equalToJson("{\"messaging_product\": \"whatsapp\", "
                + "\"recipient_type\": \"individual\", \"to\": \"" + kase.phone() + "\", \"type\": \"template\", \"template\": {"
                + "\"name\": \"meldeweg_antwort\", \"language\": {\"code\": \"de\"}, \"components\": [{\"type\": \"body\", \"parameters\": ["
                + "{\"type\": \"text\", \"text\": \"" + kase.reference() + "\"}, {\"type\": \"text\", \"text\": "
                + "\"Bitte schreiben Sie uns eine kurze Nachricht, dann senden wir Ihnen die Antwort.\"}]}]}}")));
        assertThat(graphRequests()).noneMatch(r -> r.contains("Die Bank im Park"));

        clock.advance(Duration.ofHours(3));
        citizenWrites(kase.phone(), "Ok 👍");
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(stateOf(kase.citizen(), AnswerRelay.ANSWER)));
        assertThat(graphRequests()).filteredOn(r -> r.contains("Die Bank im Park wird ersetzt.")).singleElement()
                .satisfies(r -> assertThat(r).contains("\"type\":\"text\""));
        assertThat(count("SELECT COUNT(*) FROM reply_held")).isZero();
        // "Ok" asked for the answer: stored as seen, but no new report for a department.
        assertThat(jdbc.queryForList("SELECT accepted FROM inbound_message WHERE citizen_id = ?", Boolean.class, kase.citizen()))
                .containsExactly(false);
    }

    @Test
    void aTapOnTheTemplatesQuickReplyButtonReleasesTheAnswerWithoutAHint() throws Exception {
        Case kase = forwardedCase(Instant.now(), null);
        clock.advance(Duration.ofHours(30));
        deliver(answer(DEPARTMENT, kase, "AW: " + kase.reference(), "Der Spielplatz wird am Montag gesperrt."));
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(stateOf(kase.citizen(), HeldAnswers.NOTICE)));

        // What WhatsApp sends when the citizen taps the template's quick-reply button.
        long at = clock.instant().getEpochSecond() + 2;
        String button = "{\"context\": {\"from\": \"4970511670000\", \"id\": \"wamid.HBgNNDkxNTExMjM0NTY3OBUCABEYEjVBRkE0MjU0RjI3MkI5RTg2QQA=\"}, "
                + "\"from\": \"" + kase.phone() + "\", \"id\": \"" + Payloads.newWamid() + "\", \"timestamp\": \"" + at + "\", "
                + "\"type\": \"button\", \"button\": {\"payload\": \"Antwort anzeigen\", \"text\": \"Antwort anzeigen\"}}";
        assertThat(webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, kase.phone(), "Hanna Beispiel", button)).statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(stateOf(kase.citizen(), AnswerRelay.ANSWER)));
        assertThat(stateOf(kase.citizen(), "HINT_UNSUPPORTED")).as("no hint that buttons are not accepted").isNull();
        assertThat(jdbc.queryForList("SELECT type FROM inbound_message WHERE citizen_id = ? AND accepted = FALSE", String.class,
                kase.citizen())).containsExactly("button");
    }

    @Test
    void error131047TakesTheSamePathAsAClosedWindow() throws Exception {
        Case kase = forwardedCase(Instant.now(), null);
        GRAPH.stubFor(post(MESSAGES).withRequestBody(matchingJsonPath("$.type", equalTo("text"))).inScenario("window")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("closed")
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("{\"error\": {\"message\": "
                        + "\"(#131047) Re-engagement message\", \"type\": \"OAuthException\", \"code\": 131047, \"error_data\": {"
                        + "\"messaging_product\": \"whatsapp\", \"details\": \"Message failed to send because more than 24 hours have passed "
                        + "since the customer last replied to this number.\"}, \"fbtrace_id\": \"AbCd\"}}")));
        deliver(answer(DEPARTMENT, kase, "AW: " + kase.reference(), "Der Container wird geleert."));

        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(stateOf(kase.citizen(), HeldAnswers.NOTICE)));
        assertThat(stateOf(kase.citizen(), AnswerRelay.ANSWER)).isEqualTo("TEMPLATE_NEEDED");
        citizenWrites(kase.phone(), "Hallo?");
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(stateOf(kase.citizen(), AnswerRelay.ANSWER)));
    }

    // ---------------------------------------------------------------- Zammad

    @Test
    void zammadPublicAnswersAreRelayedOnceAndAClosedTicketClosesTheCase() throws Exception {
        Case kase = forwardedCase(Instant.now(), "4711");
        String own = "{\"id\": 11, \"ticket_id\": 4711, \"body\": \"Meldung " + kase.reference() + "\", \"content_type\": \"text/plain\", "
                + "\"internal\": false, \"created_by_id\": 3, \"type\": \"note\", \"sender\": \"Agent\"}";
        String internal = "{\"id\": 12, \"ticket_id\": 4711, \"body\": \"Intern: Bauhof fragen\", \"content_type\": \"text/html\", "
                + "\"internal\": true, \"created_by_id\": 7, \"type\": \"note\", \"sender\": \"Agent\"}";
        String publicNote = "{\"id\": 13, \"ticket_id\": 4711, \"body\": \"<p>Wir schauen uns das an.</p>\", \"content_type\": \"text/html\", "
                + "\"internal\": false, \"created_by_id\": 7, \"type\": \"note\", \"sender\": \"Agent\"}";
        String closing = "{\"id\": 14, \"ticket_id\": 4711, \"body\": \"Repariert.\", \"content_type\": \"text/plain\", "
                + "\"internal\": false, \"created_by_id\": 7, \"type\": \"note\", \"sender\": \"Agent\"}";
        ZAMMAD.stubFor(get("/api/v1/users/me").willReturn(okJson("{\"id\": 3, \"login\": \"meldeweg-api\"}")));
        ZAMMAD.stubFor(get("/api/v1/tickets/4711?expand=true").inScenario("ticket").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"id\": 4711, \"state_id\": 2, \"state\": \"open\", \"number\": \"31004711\"}")));
        ZAMMAD.stubFor(get("/api/v1/ticket_articles/by_ticket/4711?expand=true").inScenario("ticket").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("[" + own + "," + internal + "," + publicNote + "]")));

        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(stateOf(kase.citizen(), AnswerRelay.ANSWER)));
        assertThat(answersTo(kase.citizen(), AnswerRelay.ANSWER)).singleElement().isEqualTo(
                "Antwort von Tiefbauamt zu Ihrer Meldung " + kase.reference() + ":\n\nWir schauen uns das an.");
        // Polled again and again: still one answer.
        await().atMost(Duration.ofSeconds(20)).until(() -> ZAMMAD.getAllServeEvents().size() >= 7);
        assertThat(answersTo(kase.citizen(), AnswerRelay.ANSWER)).hasSize(1);

        ZAMMAD.stubFor(get("/api/v1/tickets/4711?expand=true").inScenario("ticket").whenScenarioStateIs("closed")
                .willReturn(okJson("{\"id\": 4711, \"state_id\": 4, \"state\": \"closed\", \"number\": \"31004711\"}")));
        ZAMMAD.stubFor(get("/api/v1/ticket_articles/by_ticket/4711?expand=true").inScenario("ticket").whenScenarioStateIs("closed")
                .willReturn(okJson("[" + own + "," + internal + "," + publicNote + "," + closing + "]")));
        ZAMMAD.setScenarioState("ticket", "closed");
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(stateOf(kase.citizen(), AnswerRelay.CASE_CLOSED)));
        assertThat(answersTo(kase.citizen(), AnswerRelay.ANSWER)).hasSize(2).last().asString().endsWith("Repariert.");
        assertThat(jdbc.queryForObject("SELECT state FROM report_case WHERE id = ?", String.class, kase.id())).isEqualTo("CLOSED");
        assertThat(graphRequests()).noneMatch(r -> r.contains("Bauhof"));
        int requests = ZAMMAD.getAllServeEvents().size();
        // longer than one follow period (ticket-every PT0.5S): no further request comes
        await("a closed case is not followed any more").during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2))
                .until(() -> ZAMMAD.getAllServeEvents().size() == requests);
        assertThat(ZAMMAD.getAllServeEvents()).as("a closed case is not followed any more").hasSize(requests);
        assertThat(new String(ZAMMAD.getAllServeEvents().get(0).getRequest().getHeader("Authorization").getBytes(), StandardCharsets.UTF_8))
                .isEqualTo("Token token=zammad-token");
    }
}
