package de.meldeweg.replies;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static de.meldeweg.support.Payloads.newWamid;
import static de.meldeweg.support.Payloads.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import de.meldeweg.support.Fixtures;
import de.meldeweg.support.Payloads;
import de.meldeweg.support.Postgres;
import de.meldeweg.support.ServiceInstances;
import de.meldeweg.support.Webhooks;

/**
 * A department's answer reaches the citizen once, also when the service stops and starts again
 * in between. The whole path runs on PostgreSQL: a report is forwarded by mail and to Zammad, the
 * department answers both ways, both answers are relayed; then the process ends, and what a crash
 * before flagging leaves behind is set up (the answer mail unseen again; Zammad still shows the
 * same public article). A new process on the same database reads the mailbox and follows the
 * ticket again and relays neither answer a second time.
 */
class RepliesAcrossRestartTest {

    private static final String MAILBOX = "antwort@stadt-calw.example";
    private static final String MESSAGES = "/v23.0/" + Fixtures.PHONE_NUMBER_ID + "/messages";
    private static final String MAIL_ANSWER = "Die Laterne wird morgen vom Bauhof getauscht.";
    private static final String TICKET_ANSWER = "Ersatzteil ist bestellt.";

    private static final GreenMail MAIL = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP), new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
    private static final WireMockServer GRAPH = new WireMockServer(options().dynamicPort());
    private static final WireMockServer ZAMMAD = new WireMockServer(options().dynamicPort());

    @AfterAll
    static void stopEdges() {
        MAIL.stop();
        GRAPH.stop();
        ZAMMAD.stop();
    }

    @Test
    void noAnswerIsRelayedTwiceWhenTheServiceStartsAgain() throws Exception {
        MAIL.start();
        GreenMailUser mailbox = MAIL.setUser(MAILBOX, "antwort", "geheim");
        GRAPH.start();
        ZAMMAD.start();
        GRAPH.stubFor(post(MESSAGES).willReturn(okJson("{\"messaging_product\": \"whatsapp\", \"contacts\": [], "
                + "\"messages\": [{\"id\": \"wamid.HBgNNDkxNTExMjM0NTY3OBUCABEYEjQ2QTFGRjA4QzcxQjg3QjQ3RQA=\"}]}")));
        ZAMMAD.stubFor(post("/api/v1/tickets").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": 4711, \"number\": \"31004711\", \"title\": \"x\"}")));
        String database = Postgres.jdbcUrl("replies_restart");

        ConfigurableApplicationContext first = start(database);
        String phone = "4915199000077";
        Webhooks webhooks = new Webhooks(((WebServerApplicationContext) first).getWebServer().getPort());
        assertThat(webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Jana Beispiel",
                text(phone, newWamid(), "Die Laterne in der Bahnhofstraße ist seit gestern aus"))).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> MAIL.getReceivedMessages().length == 1
                && !ZAMMAD.findAll(postRequestedFor(urlEqualTo("/api/v1/tickets"))).isEmpty());
        MimeMessage forwarded = MAIL.getReceivedMessages()[0];
        String department = forwarded.getRecipients(Message.RecipientType.TO)[0].toString();
        String reference = forwarded.getHeader("X-Meldeweg-Case")[0];

        // The department answers by mail, and in Zammad with a public article.
        // As a mail client answers: to the Reply-To (the reply mailbox's plus-address with the token), In-Reply-To the Message-ID.
        MimeMessage answer = answer(department, forwarded.getReplyTo()[0].toString(), "AW: " + forwarded.getSubject(), forwarded.getMessageID());
        mailbox.deliver(answer);
        String article = "{\"id\": 21, \"ticket_id\": 4711, \"body\": \"" + TICKET_ANSWER + "\", \"content_type\": \"text/plain\", "
                + "\"internal\": false, \"created_by_id\": 7, \"type\": \"note\", \"sender\": \"Agent\"}";
        ZAMMAD.stubFor(get("/api/v1/users/me").willReturn(okJson("{\"id\": 3, \"login\": \"meldeweg-api\"}")));
        ZAMMAD.stubFor(get("/api/v1/tickets/4711?expand=true").willReturn(okJson(
                "{\"id\": 4711, \"state_id\": 2, \"state\": \"open\", \"number\": \"31004711\"}")));
        ZAMMAD.stubFor(get("/api/v1/ticket_articles/by_ticket/4711?expand=true").willReturn(okJson("[" + article + "]")));
        await().atMost(Duration.ofSeconds(30)).until(() -> answersSent().size() == 2 && inbox(mailbox).isEmpty());
        assertThat(answersSent()).anyMatch(a -> a.contains(MAIL_ANSWER)).anyMatch(a -> a.contains(TICKET_ANSWER));
        first.close();

        // What a crash before the mail left the mailbox leaves behind: the answer mail is there again.
        mailbox.deliver(answer);
        int ticketPollsBefore = ticketPolls();

        ConfigurableApplicationContext second = start(database);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> inbox(mailbox).isEmpty() && ticketPolls() >= ticketPollsBefore + 3);
            assertThat(answersSent()).as("each answer relayed once across the restart").hasSize(2);
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbound_message o JOIN report_case c ON c.citizen_id = o.citizen_id "
                    + "WHERE c.reference = ? AND o.purpose = 'ANSWER'", Integer.class, reference)).isEqualTo(2);
            assertThat(mailsTo(department)).as("the forwarded report only, no explanation mailed back").isEqualTo(1);
        } finally {
            second.close();
        }
    }

    private static ConfigurableApplicationContext start(String database) {
        Map<String, Object> p = ServiceInstances.onPostgres(database, GRAPH.port());
        p.put("meldeweg.whatsapp.per-citizen-interval", "PT0.1S");
        p.put("meldeweg.intake.poll-interval", "50");
        p.put("meldeweg.case.grouping-window", "PT0.5S");
        p.put("meldeweg.mail.smtp.host", "127.0.0.1");
        p.put("meldeweg.mail.smtp.port", String.valueOf(MAIL.getSmtp().getPort()));
        p.put("meldeweg.mail.smtp.starttls", "false");
        p.put("meldeweg.mail.reply-to", MAILBOX);
        p.put("meldeweg.mail.imap.protocol", "imap");
        p.put("meldeweg.mail.imap.host", "127.0.0.1");
        p.put("meldeweg.mail.imap.port", String.valueOf(MAIL.getImap().getPort()));
        p.put("meldeweg.mail.imap.username", "antwort");
        p.put("meldeweg.mail.imap.password", "geheim");
        p.put("meldeweg.mail.imap.interval", "200");
        p.put("meldeweg.replies.ticket-interval", "200");
        p.put("meldeweg.replies.ticket-every", "PT0.3S");
        p.put("meldeweg.ticket.system", "zammad");
        p.put("meldeweg.ticket.base-url", "http://127.0.0.1:" + ZAMMAD.port());
        p.put("meldeweg.ticket.token", "zammad-test-token");
        p.put("meldeweg.outbox-dir", "target/replies-restart-outbox");
        return ServiceInstances.start(p);
    }

    private static MimeMessage answer(String from, String to, String subject, String inReplyTo) throws Exception {
        MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()));
        mail.setFrom(new InternetAddress(from, "Bauhof Calw", "UTF-8"));
        mail.setRecipients(Message.RecipientType.TO, to);
        mail.setSubject(subject, "UTF-8");
        mail.setSentDate(new java.util.Date());
        mail.setHeader("In-Reply-To", inReplyTo);
        mail.setHeader("References", inReplyTo);
        mail.setText(MAIL_ANSWER + "\n\nMit freundlichen Grüßen\nBauhof\n\n> Meldung vom Bürger\n", "UTF-8");
        mail.saveChanges();
        return mail;
    }

    /** The answers that went out to WhatsApp (receipt and privacy notice left aside). */
    private static List<String> answersSent() {
        return GRAPH.findAll(postRequestedFor(urlEqualTo(MESSAGES))).stream().map(r -> r.getBodyAsString())
                .filter(body -> body.contains(MAIL_ANSWER) || body.contains(TICKET_ANSWER)).toList();
    }

    private static long mailsTo(String address) {
        return java.util.Arrays.stream(MAIL.getReceivedMessages()).filter(m -> {
            try {
                return java.util.Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).count();
    }

    private static int ticketPolls() {
        return ZAMMAD.findAll(getRequestedFor(urlPathEqualTo("/api/v1/ticket_articles/by_ticket/4711"))).size();
    }

    private static List<StoredMessage> inbox(GreenMailUser mailbox) throws Exception {
        return MAIL.getManagers().getImapHostManager().getInbox(mailbox).getMessages();
    }
}
