package de.meldeweg.cluster;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static de.meldeweg.support.Payloads.newWamid;
import static de.meldeweg.support.Payloads.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.internet.MimeMessage;

import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MailText;
import de.meldeweg.support.Payloads;
import de.meldeweg.support.Postgres;
import de.meldeweg.support.ServiceInstances;
import de.meldeweg.support.Webhooks;

/**
 * Two instances of the service share one PostgreSQL, as behind a load balancer. Webhooks go to
 * both alternately: a citizen's first message to one, Meta's redelivery of it to the other, the
 * second message to the other again. Each report must still become exactly one case, one e-mail,
 * one ticket and one receipt, and each citizen gets exactly one privacy notice.
 */
class TwoInstancesTest {

    private static final int CITIZENS = 12;
    private static final String MESSAGES = "/v23.0/" + Fixtures.PHONE_NUMBER_ID + "/messages";

    private static final GreenMail SMTP = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    private static final WireMockServer ZAMMAD = new WireMockServer(options().dynamicPort());
    private static final WireMockServer GRAPH = new WireMockServer(options().dynamicPort());
    private static final List<ConfigurableApplicationContext> INSTANCES = new ArrayList<>();

    @BeforeAll
    static void startTwoInstances() {
        SMTP.start();
        ZAMMAD.start();
        GRAPH.start();
        ZAMMAD.stubFor(post("/api/v1/tickets").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": 4711, \"number\": \"31004711\", \"title\": \"x\"}")));
        GRAPH.stubFor(post(MESSAGES).willReturn(okJson("{\"messaging_product\": \"whatsapp\", \"contacts\": [], "
                + "\"messages\": [{\"id\": \"wamid.HBgNNDkxNTExMjM0NTY3OBUCABEYEjQ2QTFGRjA4QzcxQjg3QjQ3RQA=\"}]}")));
        String database = Postgres.jdbcUrl("two_instances");
        for (String name : List.of("a", "b")) {
            INSTANCES.add(ServiceInstances.start(instance(name, database)));
        }
    }

    @AfterAll
    static void stopInstances() {
        INSTANCES.forEach(ConfigurableApplicationContext::close);
        SMTP.stop();
        ZAMMAD.stop();
        GRAPH.stop();
    }

    private static Map<String, Object> instance(String name, String database) {
        Map<String, Object> p = ServiceInstances.onPostgres(database, GRAPH.port());
        p.put("meldeweg.intake.poll-interval", "20");
        p.put("meldeweg.case.grouping-window", "PT2S");
        p.put("meldeweg.mail.smtp.host", "127.0.0.1");
        p.put("meldeweg.mail.smtp.port", String.valueOf(SMTP.getSmtp().getPort()));
        p.put("meldeweg.mail.smtp.starttls", "false");
        p.put("meldeweg.ticket.system", "zammad");
        p.put("meldeweg.ticket.base-url", "http://127.0.0.1:" + ZAMMAD.port());
        p.put("meldeweg.ticket.token", "zammad-test-token");
        p.put("meldeweg.outbox-dir", "target/two-instances-outbox");
        return p;
    }

    private static Webhooks webhooksOf(int instance) {
        return new Webhooks(((WebServerApplicationContext) INSTANCES.get(instance)).getWebServer().getPort());
    }

    @Test
    void eachReportBecomesExactlyOneMailOneTicketAndOneReceiptAcrossBothInstances() {
        Webhooks a = webhooksOf(0);
        Webhooks b = webhooksOf(1);
        Map<String, List<String>> textsByPhone = new LinkedHashMap<>();
        for (int i = 0; i < CITIZENS; i++) {
            String phone = "49151990000" + String.format("%02d", i);
            String first = "Laterne Nummer " + i + " in der Lederstrasse ist aus";
            String second = "Nachtrag " + i + ": sie flackert auch tagsueber";
            textsByPhone.put(phone, List.of(first, second));
            String firstWebhook = Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Bürger " + i, text(phone, newWamid(), first));
            String secondWebhook = Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Bürger " + i, text(phone, newWamid(), second));
            Webhooks one = i % 2 == 0 ? a : b;
            Webhooks other = i % 2 == 0 ? b : a;
            assertThat(one.postSigned(firstWebhook).statusCode()).isEqualTo(200);
            assertThat(other.postSigned(firstWebhook).statusCode()).as("Meta's redelivery to the other instance").isEqualTo(200);
            assertThat(other.postSigned(secondWebhook).statusCode()).isEqualTo(200);
        }

        JdbcTemplate jdbc = INSTANCES.get(0).getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                jdbc.queryForObject("SELECT COUNT(*) FROM report_case WHERE state = 'FORWARDED'", Integer.class) == CITIZENS
                        && jdbc.queryForObject("SELECT COUNT(*) FROM delivery WHERE state = 'DELIVERED'", Integer.class) == 2 * CITIZENS
                        && jdbc.queryForObject("SELECT COUNT(*) FROM outbound_message WHERE state <> 'SENT'", Integer.class) == 0
                        && GRAPH.findAll(postRequestedFor(urlEqualTo(MESSAGES))).size() >= 2 * CITIZENS);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM report_case", Integer.class)).isEqualTo(CITIZENS);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message", Integer.class)).as("redeliveries stored once")
                .isEqualTo(2 * CITIZENS);
        assertThat(jdbc.queryForList("SELECT COUNT(*) FROM inbound_message GROUP BY case_id", Integer.class))
                .as("both messages of a citizen in one case").hasSize(CITIZENS).containsOnly(2);
        List<String> references = jdbc.queryForList("SELECT reference FROM report_case", String.class);

        MimeMessage[] mails = SMTP.getReceivedMessages();
        Map<String, Long> mailsPerCase = count(List.of(mails), mail -> header(mail, "X-Meldeweg-Case"));
        assertThat(mailsPerCase).as("one e-mail per case").hasSize(CITIZENS).containsOnlyKeys(references).allSatisfy((k, n) -> assertThat(n).isOne());
        List<String> plainTexts = List.of(mails).stream().map(MailText::plain).toList();
        for (List<String> texts : textsByPhone.values()) {
            assertThat(plainTexts).as("one mail carries both messages of a citizen")
                    .filteredOn(plain -> plain.contains(texts.get(0)) && plain.contains(texts.get(1))).hasSize(1);
        }

        List<LoggedRequest> tickets = ZAMMAD.findAll(postRequestedFor(urlEqualTo("/api/v1/tickets")));
        // The ticket's own reference is in its title (its text may name earlier, similar reports too).
        Map<String, Long> ticketsPerCase = count(tickets, request -> references.stream()
                .filter(reference -> request.getBodyAsString().matches("(?s).*\"title\"\\s*:\\s*\"[^\"]*" + reference + ".*")).findFirst().orElse("none"));
        assertThat(ticketsPerCase).as("one ticket per case").hasSize(CITIZENS).containsOnlyKeys(references)
                .allSatisfy((k, n) -> assertThat(n).isOne());

        List<LoggedRequest> sent = GRAPH.findAll(postRequestedFor(urlEqualTo(MESSAGES)));
        Map<String, Long> receiptsPerCase = count(sent.stream().filter(r -> references.stream()
                .anyMatch(r.getBodyAsString()::contains)).toList(), request -> references.stream()
                .filter(request.getBodyAsString()::contains).findFirst().orElseThrow());
        assertThat(receiptsPerCase).as("one receipt per case").hasSize(CITIZENS).allSatisfy((k, n) -> assertThat(n).isOne());
        Map<String, Long> messagesPerCitizen = count(sent, request -> textsByPhone.keySet().stream()
                .filter(phone -> request.getBodyAsString().contains("\"" + phone + "\"")).findFirst().orElse("none"));
        assertThat(messagesPerCitizen).as("per citizen: one privacy notice and one receipt").hasSize(CITIZENS)
                .allSatisfy((k, n) -> assertThat(n).isEqualTo(2));
    }

    private static String header(MimeMessage mail, String name) {
        try {
            String[] values = mail.getHeader(name);
            return values == null ? "none" : values[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> Map<String, Long> count(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(key, HashMap::new, Collectors.counting()));
    }
}
