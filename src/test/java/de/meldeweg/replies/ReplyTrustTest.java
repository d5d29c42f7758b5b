package de.meldeweg.replies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import de.meldeweg.citizen.Sender;
import de.meldeweg.delivery.ReplyTokens;
import de.meldeweg.privacy.RetentionPurge;
import de.meldeweg.support.MeldewegTestBase;

/**
 * Tries to get a forged answer through to a citizen, with mails as real mail clients and servers
 * write them (raw MIME, Thunderbird's headers, Postfix/OpenDMARC's Authentication-Results), into a
 * GreenMail IMAP mailbox; explanations go to an SMTP server that refuses them with 554 or takes
 * them. The mail server here writes {@code Authentication-Results: mx.stadt-calw.example} and
 * mails from the internal relay come without it ({@code accept-unauthenticated}). Processed mails
 * are moved to a folder that the retention purge empties.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ReplyTrustTest extends MeldewegTestBase {

    static final String MAILBOX = "antwort@stadt-calw.example";
    static final String DEPARTMENT = "tiefbauamt@stadt-calw.example";
    static final String CLERK = "max.mustermann@stadt-calw.example";
    static final String OTHER_DEPARTMENT = "bauhof@stadt-calw.example";
    static final String AUTHSERV = "mx.stadt-calw.example";
    static final String DONE = "Verarbeitet";
    static final String ADMIN_TOKEN = "trust-test-admin-token-0123456789";
    static final GreenMail IMAP = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
    static final RefusingSmtp SMTP;
    static final GreenMailUser mailbox;
    private static final AtomicInteger NUMBER = new AtomicInteger((int) (System.nanoTime() % 300_000));

    static {
        IMAP.start();
        mailbox = IMAP.setUser(MAILBOX, "antwort", "geheim");
        try {
            SMTP = new RefusingSmtp();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:replytrust;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("meldeweg.mail.smtp.host", () -> "127.0.0.1");
        registry.add("meldeweg.mail.smtp.port", SMTP::port);
        registry.add("meldeweg.mail.smtp.starttls", () -> "false");
        registry.add("meldeweg.mail.reply-to", () -> MAILBOX);
        registry.add("meldeweg.mail.imap.protocol", () -> "imap");
        registry.add("meldeweg.mail.imap.host", () -> "127.0.0.1");
        registry.add("meldeweg.mail.imap.port", () -> IMAP.getImap().getPort());
        registry.add("meldeweg.mail.imap.username", () -> "antwort");
        registry.add("meldeweg.mail.imap.password", () -> "geheim");
        registry.add("meldeweg.mail.imap.interval", () -> "200");
        registry.add("meldeweg.mail.imap.move-to", () -> DONE);
        registry.add("meldeweg.mail.imap.authserv-id", () -> AUTHSERV);
        registry.add("meldeweg.mail.imap.accept-unauthenticated", () -> "true");
        registry.add("meldeweg.admin.token", () -> ADMIN_TOKEN);
        registry.add("meldeweg.case.assembly-interval", () -> "600000");
    }

    @AfterAll
    static void stopEdges() throws Exception {
        IMAP.stop();
        SMTP.close();
    }

    @Autowired
    ReplyTokens replyTokens;
    @Autowired
    RetentionPurge purge;

    @BeforeEach
    void cleanEdges() throws Exception {
        // The previous test's mails leave the INBOX first: no purge while the poller still holds them.
        await().atMost(Duration.ofSeconds(15)).until(() -> inbox().isEmpty());
        IMAP.purgeEmailFromAllMailboxes();
        SMTP.refuse = false;
        SMTP.offered.clear();
        SMTP.accepted.clear();
        jdbc.update("DELETE FROM reply_explanation");
        jdbc.update("UPDATE department SET reply_from = NULL");
    }

    // ---------------------------------------------------------------- helpers

    record Case(long id, String reference, long citizen, String token) {
        String messageId() {
            return "<" + token + "@stadt.example>";
        }

        String replyAddress() {
            return "antwort+" + token + "@stadt-calw.example";
        }
    }

    /** A case forwarded to the Tiefbauamt, with the token its mail carried (issued as MailDelivery does). */
    Case forwardedCase() {
        int n = NUMBER.incrementAndGet();
        String reference = String.format("WK-2026-%06d", 600_000 + n % 300_000);
        long citizen = citizens.findOrCreate(new Sender("49151" + String.format("%08d", n), null, "Hanna Beispiel", null), Instant.now());
        citizens.touchInbound(citizen, Instant.now());
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("INSERT INTO report_case (reference, citizen_id, state, category_code, category_name, dept_key, department_name, "
                + "department_email, created_at, forwarded_at) VALUES (?, ?, 'FORWARDED', 'STRASSE', 'Straße', 'tiefbauamt', 'Tiefbauamt', ?, ?, ?)",
                reference, citizen, DEPARTMENT, now, now);
        long id = jdbc.queryForObject("SELECT id FROM report_case WHERE reference = ?", Long.class, reference);
        jdbc.update("INSERT INTO delivery (case_id, channel, state, next_attempt_at, created_at, delivered_at) VALUES (?, 'MAIL', 'DELIVERED', ?, ?, ?)",
                id, now, now, now);
        long delivery = jdbc.queryForObject("SELECT id FROM delivery WHERE case_id = ? AND channel = 'MAIL'", Long.class, id);
        return new Case(id, reference, citizen, replyTokens.issue(id, delivery, "mail"));
    }

    /**
     * A mail as Thunderbird writes it and Postfix delivers it: {@code headers} first (trace headers
     * the server put on top), then the client's own.
     */
    static MimeMessage mail(String headers, String from, String to, String subject, String inReplyTo, String text) throws Exception {
        String raw = headers
                + "Message-ID: <" + java.util.UUID.randomUUID() + "@stadt-calw.example>\r\n"
                + "Date: Fri, 4 Dec 2026 10:15:00 +0100\r\n"
                + "MIME-Version: 1.0\r\n"
                + "User-Agent: Mozilla Thunderbird\r\n"
                + "Subject: " + subject + "\r\n"
                + "To: " + to + "\r\n"
                + (inReplyTo == null ? "" : "References: " + inReplyTo + "\r\n")
                + "Content-Language: de-DE\r\n"
                + "From: Max Mustermann <" + from + ">\r\n"
                + (inReplyTo == null ? "" : "In-Reply-To: " + inReplyTo + "\r\n")
                + "Content-Type: text/plain; charset=UTF-8; format=flowed\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n"
                + "\r\n"
                + text.replace("\n", "\r\n") + "\r\n";
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    static String received(String envelopeTo) {
        return "Return-Path: <" + DEPARTMENT + ">\r\n"
                + "Delivered-To: " + envelopeTo + "\r\n"
                + "Received: from exchange.stadt-calw.example (exchange.stadt-calw.example [10.1.2.3])\r\n"
                + "\tby mx.stadt-calw.example (Postfix) with ESMTPS id 4XyZ1 for <" + envelopeTo + ">; Fri,  4 Dec 2026 10:15:01 +0100 (CET)\r\n";
    }

    static String ours(String results) {
        return "Authentication-Results: " + AUTHSERV + "; " + results + "\r\n";
    }

    String outcomeOf(long caseId) {
        return jdbc.queryForList("SELECT outcome FROM reply WHERE case_id = ?", String.class, caseId).stream().findFirst().orElse(null);
    }

    int repliesWith(String outcome) {
        return count("SELECT COUNT(*) FROM reply WHERE outcome = ?", outcome);
    }

    List<String> answersTo(long citizen) {
        return outboundBodies("SELECT body FROM outbound_message WHERE citizen_id = ? AND purpose = 'ANSWER'", citizen);
    }

    boolean closed(long caseId) {
        return jdbc.queryForObject("SELECT closed_at FROM report_case WHERE id = ?", Timestamp.class, caseId) != null;
    }

    List<jakarta.mail.internet.MimeMessage> inbox() throws Exception {
        return IMAP.getManagers().getImapHostManager().getInbox(mailbox).getMessages().stream().map(m -> m.getMimeMessage()).toList();
    }

    MailFolder doneFolder() throws Exception {
        return IMAP.getManagers().getImapHostManager().getFolder(mailbox, DONE);
    }

    // ---------------------------------------------------------------- tokens

    @Test
    void aForgedDepartmentSenderWithReferenceAndCloseMarkerInTheSubjectIsNeitherRelayedNorClosesTheCase() throws Exception {
        Case kase = forwardedCase();
        mailbox.deliver(mail(received(MAILBOX), DEPARTMENT, MAILBOX, "[erledigt] AW: " + kase.reference() + ": Straße", null,
                "Schicken Sie uns Ihre IBAN."));

        await().atMost(Duration.ofSeconds(20)).until(() -> repliesWith("UNMATCHED") == 1);
        assertThat(answersTo(kase.citizen())).isEmpty();
        assertThat(closed(kase.id())).as("the marker in the subject closes nothing").isFalse();
        assertThat(outcomeOf(kase.id())).as("the reference in the subject does not even tie the mail to the case").isNull();
    }

    @Test
    void guessedMessageIdsAndPlusAddressesAreNotEnough() throws Exception {
        Case kase = forwardedCase();
        long delivery = jdbc.queryForObject("SELECT id FROM delivery WHERE case_id = ?", Long.class, kase.id());
        // The old, countable Message-ID; a token-shaped guess; a plus-address with a guess.
        String guess = "abcdefghijklmnopqrstuvwxyz234567";
        mailbox.deliver(mail(received(MAILBOX), DEPARTMENT, MAILBOX, "AW: " + kase.reference(), "<" + kase.reference() + "." + delivery
                + "@meldeweg>", "Schicken Sie uns Ihre IBAN."));
        mailbox.deliver(mail(received(MAILBOX), DEPARTMENT, MAILBOX, "AW: " + kase.reference(), "<" + guess + "@stadt.example>",
                "Schicken Sie uns Ihre IBAN."));
        mailbox.deliver(mail(received("antwort+" + guess + "@stadt-calw.example"), DEPARTMENT, "antwort+" + guess + "@stadt-calw.example",
                "AW: " + kase.reference(), null, "Schicken Sie uns Ihre IBAN."));

        await().atMost(Duration.ofSeconds(20)).until(() -> repliesWith("UNMATCHED") == 3);
        assertThat(answersTo(kase.citizen())).isEmpty();
    }

    @Test
    void theRightTokenFromAnotherDepartmentsAddressIsNotRelayed() throws Exception {
        Case kase = forwardedCase();
        mailbox.deliver(mail(received(kase.replyAddress()), OTHER_DEPARTMENT, kase.replyAddress(), "AW: " + kase.reference(),
                kase.messageId(), "Das übernehmen wir vom Bauhof."));

        await().atMost(Duration.ofSeconds(20)).until(() -> "REFUSED".equals(outcomeOf(kase.id())));
        assertThat(answersTo(kase.citizen())).isEmpty();
    }

    @Test
    void theRightTokenFromAReplyFromAddressOfTheDepartmentIsRelayedUnderTheDepartmentsName() throws Exception {
        Case kase = forwardedCase();
        // config/departments.yaml: reply-from: [max.mustermann@stadt-calw.example] for the Tiefbauamt
        jdbc.update("UPDATE department SET reply_from = ? WHERE dept_key = 'tiefbauamt'", CLERK);
        // A Thunderbird answer that kept only In-Reply-To (the mail server has no sub-addressing).
        mailbox.deliver(mail(received(MAILBOX), CLERK, MAILBOX, "AW: " + kase.reference(), kase.messageId(),
                "Das Schlagloch wird am Montag verfüllt."));

        await().atMost(Duration.ofSeconds(20)).until(() -> "RELAYED".equals(outcomeOf(kase.id())));
        assertThat(answersTo(kase.citizen())).singleElement().asString()
                .startsWith("Antwort von Tiefbauamt zu Ihrer Meldung " + kase.reference()).contains("Das Schlagloch wird am Montag verfüllt.");
    }

    // ---------------------------------------------------------------- Authentication-Results

    @Test
    void onlyTheAuthenticationResultsOfOurOwnMailServerCount() throws Exception {
        Case forgedOutside = forwardedCase();
        Case failed = forwardedCase();
        Case forgedBelow = forwardedCase();
        Case passed = forwardedCase();
        String outside = "Authentication-Results: mx.example.net; dkim=pass header.d=stadt-calw.example; dmarc=pass header.from=stadt-calw.example\r\n";
        // Our server's verdict on top, a header the sender brought along below it.
        mailbox.deliver(mail(ours("spf=fail smtp.mailfrom=example.net; dkim=none; dmarc=fail (p=reject dis=none) header.from=stadt-calw.example")
                        + received(forgedOutside.replyAddress()) + outside, DEPARTMENT, forgedOutside.replyAddress(), "AW: " + forgedOutside.reference(),
                forgedOutside.messageId(), "Schicken Sie uns Ihre IBAN."));
        mailbox.deliver(mail(ours("spf=pass smtp.mailfrom=stadt-calw.example;\r\n\tdkim=fail header.d=stadt-calw.example;\r\n\tdmarc=fail (p=none dis=none) header.from=stadt-calw.example")
                        + received(failed.replyAddress()), DEPARTMENT, failed.replyAddress(), "AW: " + failed.reference(), failed.messageId(),
                "Schicken Sie uns Ihre IBAN."));
        mailbox.deliver(mail(ours("dmarc=fail (p=reject dis=none) header.from=stadt-calw.example") + received(forgedBelow.replyAddress())
                        + ours("dmarc=pass header.from=stadt-calw.example"), DEPARTMENT, forgedBelow.replyAddress(), "AW: " + forgedBelow.reference(),
                forgedBelow.messageId(), "Schicken Sie uns Ihre IBAN."));
        mailbox.deliver(mail(ours("spf=pass smtp.mailfrom=stadt-calw.example; dkim=pass header.d=stadt-calw.example header.s=2026;\r\n\t"
                        + "dmarc=pass (p=reject dis=none) header.from=stadt-calw.example") + received(passed.replyAddress()) + outside,
                DEPARTMENT, passed.replyAddress(), "AW: " + passed.reference(), passed.messageId(), "Die Laterne ist repariert."));

        await().atMost(Duration.ofSeconds(20)).until(() -> repliesWith("UNAUTHENTICATED") == 3 && "RELAYED".equals(outcomeOf(passed.id())));
        assertThat(List.of(outcomeOf(forgedOutside.id()), outcomeOf(failed.id()), outcomeOf(forgedBelow.id())))
                .containsOnly("UNAUTHENTICATED");
        assertThat(answersTo(forgedOutside.citizen())).isEmpty();
        assertThat(answersTo(failed.citizen())).isEmpty();
        assertThat(answersTo(forgedBelow.citizen())).isEmpty();
        assertThat(answersTo(passed.citizen())).singleElement().asString().contains("Die Laterne ist repariert.");
        // A sender that may be forged gets no explanation: it would land with the real department.
        assertThat(SMTP.offered).isEmpty();
    }

    // ---------------------------------------------------------------- closed cases

    @Test
    void anAnswerToAClosedCaseIsADeadLetterForTheAdminAndTheCitizenGetsNothing() throws Exception {
        Case kase = forwardedCase();
        jdbc.update("UPDATE report_case SET state = 'CLOSED', closed_at = ? WHERE id = ?", Timestamp.from(Instant.now()), kase.id());
        int outbound = count("SELECT COUNT(*) FROM outbound_message WHERE citizen_id = ?", kase.citizen());
        mailbox.deliver(mail(received(kase.replyAddress()), DEPARTMENT, kase.replyAddress(), "[erledigt] AW: " + kase.reference(),
                kase.messageId(), "Nachtrag: Schicken Sie uns Ihre IBAN."));

        await().atMost(Duration.ofSeconds(20)).until(() -> "CLOSED".equals(outcomeOf(kase.id())));
        assertThat(count("SELECT COUNT(*) FROM outbound_message WHERE citizen_id = ?", kase.citizen())).isEqualTo(outbound);
        HttpResponse<String> dead = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/admin/dead-letters")).header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(dead.body()).contains(kase.reference()).contains("LATE_ANSWER").contains("after the case was closed")
                .doesNotContain("IBAN");
        // The department hears that it was not relayed, in the words everyone gets.
        await().atMost(Duration.ofSeconds(10)).until(() -> SMTP.accepted.contains("<" + DEPARTMENT + ">"));
    }

    // ---------------------------------------------------------------- settling and explanations

    @Test
    void aMailWhoseExplanationIsRefusedWith554IsSettledOnceAndNotReadAgain() throws Exception {
        SMTP.refuse = true;
        mailbox.deliver(mail(received(MAILBOX), "kaemmerei@stadt-calw.example", MAILBOX, "Frage", null, "Wer ist zuständig?"));

        await().atMost(Duration.ofSeconds(20)).until(() -> SMTP.offered.size() == 1 && inbox().isEmpty());
        // Ten more polls: the mail is not read again, and nobody is offered a second explanation.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> SMTP.offered.size() == 1);
        assertThat(repliesWith("UNMATCHED")).isEqualTo(1);
        assertThat(doneFolder().getMessageCount()).isEqualTo(1);
    }

    @Test
    void bouncesAndAutomaticAnswersGetNoExplanation() throws Exception {
        Case kase = forwardedCase();
        String bounce = "Return-Path: <>\r\nDelivered-To: " + MAILBOX + "\r\n"
                + "Message-ID: <20261204091501.4XyZ1@mx.stadt-calw.example>\r\nDate: Fri, 4 Dec 2026 10:15:01 +0100 (CET)\r\n"
                + "From: MAILER-DAEMON@mx.stadt-calw.example (Mail Delivery System)\r\nSubject: Undelivered Mail Returned to Sender\r\n"
                + "To: " + MAILBOX + "\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"4XyZ1.1733303701/mx.stadt-calw.example\"\r\n\r\n"
                + "--4XyZ1.1733303701/mx.stadt-calw.example\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
                + "I'm sorry to have to inform you that your message could not be delivered.\r\n\r\n"
                + "--4XyZ1.1733303701/mx.stadt-calw.example\r\nContent-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; mx.stadt-calw.example\r\n\r\nFinal-Recipient: rfc822; kaemmerei@stadt-calw.example\r\n"
                + "Action: failed\r\nStatus: 5.1.1\r\n\r\n--4XyZ1.1733303701/mx.stadt-calw.example--\r\n";
        mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bounce.getBytes(StandardCharsets.US_ASCII))));
        MimeMessage away = mail(received(kase.replyAddress()), DEPARTMENT, kase.replyAddress(), "Abwesend: AW: " + kase.reference(),
                kase.messageId(), "Ich bin bis 7. Dezember nicht im Haus.");
        away.setHeader("X-Autoreply", "yes");
        mailbox.deliver(away);
        MimeMessage bulk = mail(received(MAILBOX), "newsletter@stadt-calw.example", MAILBOX, "Rathaus-Newsletter Dezember", null, "Neuigkeiten");
        bulk.setHeader("Precedence", "bulk");
        mailbox.deliver(bulk);
        MimeMessage outOfOffice = mail(received(MAILBOX), "kaemmerei@stadt-calw.example", MAILBOX, "Automatische Antwort: Frage", null,
                "Ich bin nicht im Büro.");
        outOfOffice.setHeader("Auto-Submitted", "auto-replied");
        mailbox.deliver(outOfOffice);

        await().atMost(Duration.ofSeconds(20)).until(() -> repliesWith("AUTOMATIC") == 4 && inbox().isEmpty());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> SMTP.offered.isEmpty());
        assertThat(answersTo(kase.citizen())).isEmpty();
    }

    @Test
    void aSenderGetsAtMostOneExplanationAnHourAndOutsideAddressesNone() throws Exception {
        String clerk = "kaemmerei@stadt-calw.example";
        for (int i = 0; i < 3; i++) {
            mailbox.deliver(mail(received(MAILBOX), clerk, MAILBOX, "Frage " + i, null, "Wer ist zuständig?"));
        }
        mailbox.deliver(mail(received(MAILBOX), "standesamt@stadt-calw.example", MAILBOX, "Frage", null, "Wer ist zuständig?"));
        mailbox.deliver(mail(received(MAILBOX), "jemand@example.org", MAILBOX, "Frage", null, "Wer ist zuständig?"));

        await().atMost(Duration.ofSeconds(20)).until(() -> repliesWith("UNMATCHED") == 5 && inbox().isEmpty());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> SMTP.accepted.size() == 2);
        assertThat(SMTP.accepted).containsExactlyInAnyOrder("<" + clerk + ">", "<standesamt@stadt-calw.example>");
    }

    // ---------------------------------------------------------------- the mailbox empties

    @Test
    void processedMailsLeaveTheInboxAndThePurgeEmptiesTheirFolderAfterTheRetention() throws Exception {
        Case kase = forwardedCase();
        mailbox.deliver(mail(received(kase.replyAddress()), DEPARTMENT, kase.replyAddress(), "AW: " + kase.reference(), kase.messageId(),
                "Wird erledigt.\n\nAm 3.12.2026 schrieb Meldeweg:\n> Schlagloch vor Hausnummer 12, Hanna"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "RELAYED".equals(outcomeOf(kase.id())) && inbox().isEmpty());
        assertThat(doneFolder().getMessageCount()).isEqualTo(1);

        // An answer processed 31 days ago lies there too; after-closed is P30D.
        MimeMessage old = mail(received(MAILBOX), DEPARTMENT, MAILBOX, "AW: alt", null, "Alte Antwort");
        doneFolder().appendMessage(old, new Flags(Flags.Flag.SEEN), Date.from(Instant.now().minus(Duration.ofDays(31))));
        assertThat(doneFolder().getMessageCount()).isEqualTo(2);

        RetentionPurge.Report report = purge.run(null);
        assertThat(report.failures()).isEmpty();
        assertThat(report.removed("files")).isGreaterThanOrEqualTo(1);
        assertThat(doneFolder().getMessages()).singleElement()
                .satisfies(m -> assertThat(m.getMimeMessage().getSubject()).isEqualTo("AW: " + kase.reference()));
    }
}
