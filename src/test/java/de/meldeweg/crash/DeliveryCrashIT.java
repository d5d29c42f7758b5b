package de.meldeweg.crash;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.internet.MimeMessage;

import de.meldeweg.crash.Ledger.Round;
import de.meldeweg.support.MailText;
import de.meldeweg.support.Postgres;
import de.meldeweg.crash.Webhooks.Webhook;

/**
 * Nothing acknowledged is lost on its way to the department, across kill -9.
 *
 * <p>The packaged service runs as its own process on PostgreSQL (the production database,
 * embedded here) with a real SMTP server (GreenMail) and a Zammad (WireMock that creates tickets
 * and finds them by title, as Zammad's search does) as its department systems and a grouping
 * window of one second, so intake, case assembly, forwarding and both deliveries are all busy when
 * the process gets SIGKILL at a random moment under steady webhook load. After {@value #KILLS}
 * kills a last start re-delivers every webhook that never got its 200 (as Meta does) and runs until
 * every case is delivered. Then, per message acknowledged with 200: it is in exactly one forwarded
 * e-mail (one Message-ID) and one ticket. A kill between the SMTP server's "250 OK" and our commit
 * makes the retry send that mail again, with the same Message-ID; such repeats are counted and
 * reported and may not exceed the mails in flight at the kills ({@value #DELIVERY_SENDERS} senders
 * per kill). A ticket is never created twice: a resumed or retried ticket delivery finds the ticket
 * by its reference first.
 */
@Timeout(value = 9, unit = TimeUnit.MINUTES)
class DeliveryCrashIT {

    private static final int KILLS = 3;
    /** meldeweg.delivery.senders of the service under test: deliveries in flight at the same time. */
    private static final int DELIVERY_SENDERS = 4;
    private static final int SENDERS = 2;
    private static final int CITIZENS = 400;
    private static final Duration START_UP = Duration.ofSeconds(120);
    private static final Pattern REFERENCE = Pattern.compile("WK-\\d{4}-\\d{6}");

    @TempDir
    Path tmp;

    private final SecureRandom random = new SecureRandom();
    private final String appSecret = "crash-it-" + random.nextLong();
    private final Webhooks webhooks = new Webhooks(appSecret, CITIZENS);
    private final Ledger ledger = new Ledger();
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private GreenMail smtp;
    private WireMockServer zammad;

    @BeforeEach
    void departmentSystems() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        zammad = new WireMockServer(options().dynamicPort().extensions(new ZammadTickets()));
        zammad.start();
        zammad.stubFor(WireMock.post("/api/v1/tickets").willReturn(aResponse().withTransformers(ZammadTickets.NAME)));
        zammad.stubFor(WireMock.get(WireMock.urlPathEqualTo("/api/v1/tickets/search")).willReturn(aResponse().withTransformers(ZammadTickets.NAME)));
        zammad.stubFor(WireMock.get(WireMock.urlPathEqualTo("/api/v1/tags")).willReturn(aResponse().withTransformers(ZammadTickets.NAME)));
    }

    @AfterEach
    void stopAll() {
        processes.forEach(ServiceProcess::close);
        smtp.stop();
        zammad.stop();
    }

    @Test
    void everyAcknowledgedMessageReachesTheDepartmentOnceAcrossKillMinus9() throws Exception {
        Instant begin = Instant.now();
        Path project = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path jar = project.resolve("target/meldeweg.jar");
        assertThat(jar).as("packaged service (mvn package)").isRegularFile();
        Path out = Files.createDirectories(project.resolve("target/crash-it"));
        Path log = out.resolve("delivery-service.log");
        Files.deleteIfExists(log);
        List<String> args = serviceArgs(project);
        List<Round> rounds = new ArrayList<>();

        for (int n = 1; n <= KILLS; n++) {
            Round round = new Round("kill " + n);
            rounds.add(round);
            ServiceProcess service = start(round.name, project, jar, log, args);
            service.awaitHealthy(START_UP);
            // 3 to 8 s of load: long enough for cases to be assembled and deliveries to be under way.
            sendUntilKilled(service, round, Duration.ofMillis(3000 + random.nextInt(5000)));
        }

        Round last = new Round("final");
        rounds.add(last);
        ServiceProcess service = start(last.name, project, jar, log, args);
        service.awaitHealthy(START_UP);
        HttpClient client = client();
        for (Webhook webhook : ledger.unacknowledged()) {
            post(client, service, webhook, last);
        }
        Set<String> acknowledged = new HashSet<>();
        ledger.acknowledgedMessages().values().forEach(m -> acknowledged.add(m.token()));
        assertThat(acknowledged.size()).as("every message acknowledged in the end").isEqualTo(ledger.messages().size());
        try {
            await("every acknowledged message in a mail and a ticket")
                    .atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(500))
                    .failFast("service died, see " + log, () -> !service.alive())
                    .until(() -> tokensIn(mailTexts().values()).containsAll(acknowledged)
                            && tokensIn(ticketBodies()).containsAll(acknowledged));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            problems.add("not every acknowledged message was delivered within 3 minutes of the last start");
        }
        // Whatever is still to come (a repeat after the last kill's lease expiry) would come now: the
        // mails and tickets received must stay the same for 3 s (longer while they still change).
        AtomicReference<List<Integer>> received = new AtomicReference<>(List.of());
        await("no further mail or ticket").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    List<Integer> now = List.of(smtp.getReceivedMessages().length, ticketBodies().size());
                    return now.equals(received.getAndSet(now));
                });
        int exit = service.stop();

        String report = check(acknowledged, rounds, exit, Duration.between(begin, Instant.now()), log);
        System.out.println(report);
        Files.writeString(out.resolve("delivery-report.txt"), report, StandardCharsets.UTF_8);
        assertThat(problems).as("see target/crash-it/delivery-report.txt").isEmpty();
    }

    private String check(Set<String> acknowledged, List<Round> rounds, int exit, Duration total, Path log) throws Exception {
        Map<String, String> mails = mailTexts();
        List<String> tickets = ticketBodies();
        // Per message: the distinct mails (Message-IDs) and tickets (references) that carry it.
        Map<String, Set<String>> mailIdsPerToken = new HashMap<>();
        mails.forEach((key, text) -> tokensIn(List.of(text)).forEach(t ->
                mailIdsPerToken.computeIfAbsent(t, x -> new HashSet<>()).add(key.substring(0, key.indexOf('#')))));
        Map<String, Set<String>> ticketRefsPerToken = new HashMap<>();
        for (String body : tickets) {
            Matcher m = REFERENCE.matcher(body);
            String reference = m.find() ? m.group() : "none";
            tokensIn(List.of(body)).forEach(t -> ticketRefsPerToken.computeIfAbsent(t, x -> new HashSet<>()).add(reference));
        }
        long lostMail = acknowledged.stream().filter(t -> !mailIdsPerToken.containsKey(t)).count();
        long lostTicket = acknowledged.stream().filter(t -> !ticketRefsPerToken.containsKey(t)).count();
        long splitMail = mailIdsPerToken.values().stream().filter(ids -> ids.size() > 1).count();
        long splitTicket = ticketRefsPerToken.values().stream().filter(refs -> refs.size() > 1).count();
        long unknown = mailIdsPerToken.keySet().stream().filter(t -> !acknowledged.contains(t)).count();
        Set<String> distinctMails = new HashSet<>();
        mails.keySet().forEach(k -> distinctMails.add(k.substring(0, k.indexOf('#'))));
        long repeatedMails = mails.size() - distinctMails.size();
        Map<String, Integer> ticketsPerReference = new HashMap<>();
        for (String body : tickets) {
            Matcher m = REFERENCE.matcher(body);
            ticketsPerReference.merge(m.find() ? m.group() : "none", 1, Integer::sum);
        }
        long repeatedTickets = tickets.size() - ticketsPerReference.size();

        if (lostMail + lostTicket > 0) {
            problems.add("acknowledged and never delivered: %d by mail, %d as ticket".formatted(lostMail, lostTicket));
        }
        if (splitMail + splitTicket > 0) {
            problems.add("messages in two different cases: %d mails, %d tickets".formatted(splitMail, splitTicket));
        }
        if (unknown > 0) {
            problems.add(unknown + " delivered message(s) that the test never sent");
        }
        // Up to DELIVERY_SENDERS mails are in flight at a kill, each of which may be repeated once.
        if (repeatedMails > KILLS * DELIVERY_SENDERS) {
            problems.add("more repeated mails than mails in flight at the kills: " + repeatedMails);
        }
        if (repeatedTickets > 0) {
            problems.add("tickets created twice for the same case: " + repeatedTickets);
        }
        if (exit != 0 && exit != 143) {
            problems.add("graceful stop ended with exit code " + exit);
        }

        StringBuilder r = new StringBuilder("\nDeliveryCrashIT\n");
        r.append("%-7s %6s %6s %6s%n".formatted("round", "posted", "200", "no-ans"));
        for (Round x : rounds) {
            r.append("%-7s %6d %6d %6d%n".formatted(x.name.replace("kill ", "kill"), x.posted.get(), x.acked.get(), x.noAnswer.get()));
        }
        r.append("messages sent %d, acknowledged %d%n".formatted(ledger.messages().size(), acknowledged.size()));
        r.append("e-mails received %d (distinct Message-IDs %d, repeats of the same Message-ID %d)%n"
                .formatted(mails.size(), distinctMails.size(), repeatedMails));
        r.append("tickets created %d (distinct references %d, repeats %d)%n"
                .formatted(tickets.size(), ticketsPerReference.size(), repeatedTickets));
        r.append("acknowledged messages lost: mail %d, ticket %d; in two different cases: %d; kills %d%n"
                .formatted(lostMail, lostTicket, splitMail + splitTicket, KILLS));
        r.append("total %.1f s%n".formatted(total.toMillis() / 1000.0));
        r.append(problems.isEmpty() ? "no problems\n" : "PROBLEMS:\n  " + String.join("\n  ", problems) + "\n");
        if (!problems.isEmpty()) {
            r.append(ServiceLog.warnings(log));
        }
        return r.toString();
    }

    private List<String> serviceArgs(Path project) {
        Base64.Encoder b64 = Base64.getEncoder();
        byte[] key = new byte[32];
        byte[] hashKey = new byte[32];
        random.nextBytes(key);
        random.nextBytes(hashKey);
        return List.of(
                "--spring.datasource.url=" + Postgres.jdbcUrl("delivery_crash_" + Math.abs(random.nextInt())),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--meldeweg.whatsapp.app-secret=" + appSecret,
                "--meldeweg.whatsapp.phone-number-id=" + Webhooks.PHONE_NUMBER_ID,
                "--meldeweg.crypto.key=" + b64.encodeToString(key),
                "--meldeweg.crypto.hash-key=" + b64.encodeToString(hashKey),
                "--meldeweg.outbox-dir=" + tmp.resolve("outbox"),
                "--meldeweg.templates-dir=" + project.resolve("config/templates"),
                "--meldeweg.case.grouping-window=PT1S",
                "--meldeweg.case.assembly-interval=200",
                "--meldeweg.delivery.interval=200",
                "--meldeweg.delivery.senders=" + DELIVERY_SENDERS,
                "--meldeweg.delivery.retry-initial=PT1S",
                // A delivery in flight at a kill is taken up again after its lease (default 2 min).
                "--meldeweg.delivery.lease=PT20S",
                "--meldeweg.mail.smtp.host=127.0.0.1",
                "--meldeweg.mail.smtp.port=" + smtp.getSmtp().getPort(),
                "--meldeweg.mail.smtp.starttls=false",
                "--meldeweg.ticket.system=zammad",
                "--meldeweg.ticket.base-url=http://127.0.0.1:" + zammad.port(),
                "--meldeweg.ticket.token=crash-it-token",
                "--camel.main.routes-include-pattern=file:" + project.resolve("routes") + "/*.yaml");
    }

    private ServiceProcess start(String label, Path project, Path jar, Path log, List<String> args) {
        ServiceProcess service = ServiceProcess.start(label, project, jar, log, args);
        processes.add(service);
        return service;
    }

    /** Paced load from two threads (about 50 webhooks/s) for the given time, then SIGKILL with requests in flight. */
    private void sendUntilKilled(ServiceProcess service, Round round, Duration load) throws Exception {
        HttpClient client = client();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        for (int i = 0; i < SENDERS; i++) {
            long seed = random.nextLong();
            senders.submit(() -> {
                RandomGenerator rnd = new SplittableRandom(seed);
                while (!stop.get()) {
                    post(client, service, webhooks.fresh(rnd), round);
                    TimeUnit.MILLISECONDS.sleep(40);
                }
                return null;
            });
        }
        try {
            await(round.name + ": load").pollDelay(load).atMost(load.plusSeconds(5))
                    .failFast("service died before the kill", () -> !service.alive()).until(() -> true);
        } finally {
            service.sigkill();
            stop.set(true);
            service.awaitDeath();
            senders.shutdown();
            if (!senders.awaitTermination(30, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
        }
        if (round.otherStatus.get() > 0) {
            problems.add(round.name + ": answers other than 200: " + round.statuses);
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    private void post(HttpClient client, ServiceProcess service, Webhook webhook, Round round) throws InterruptedException {
        ledger.posting(webhook, round);
        HttpRequest request = HttpRequest.newBuilder(service.webhook()).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("X-Hub-Signature-256", webhook.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.bytes())).build();
        try {
            ledger.answered(webhook, client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode(), round);
        } catch (IOException e) {
            ledger.noAnswer(round);
        }
    }

    /** Received mails as "Message-ID#n" to their decoded text parts (n keeps repeats apart). */
    private Map<String, String> mailTexts() throws Exception {
        Map<String, String> texts = new HashMap<>();
        MimeMessage[] received = smtp.getReceivedMessages();
        for (int i = 0; i < received.length; i++) {
            texts.put(received[i].getMessageID() + "#" + i, MailText.plain(received[i]));
        }
        return texts;
    }

    private List<String> ticketBodies() {
        return zammad.findAll(postRequestedFor(urlEqualTo("/api/v1/tickets"))).stream().map(LoggedRequest::getBodyAsString).toList();
    }

    private static Set<String> tokensIn(java.util.Collection<String> texts) {
        Set<String> tokens = new HashSet<>();
        Pattern token = Pattern.compile("ct-[0-9a-f]{8}-\\d+");
        for (String text : texts) {
            Matcher m = token.matcher(text);
            while (m.find()) {
                tokens.add(m.group());
            }
        }
        return tokens;
    }

    /**
     * Zammad as far as the service uses it here: {@code POST /api/v1/tickets} creates a ticket with
     * the next id and keeps its {@code tags}, {@code GET /api/v1/tickets/search?query="WK-..."&expand=true}
     * answers the tickets whose title contains the query, as a list, and
     * {@code GET /api/v1/tags?object=Ticket&o_id=<id>} the tags of a ticket (what adoption checks).
     */
    static final class ZammadTickets implements ResponseDefinitionTransformerV2 {

        static final String NAME = "zammad-tickets";
        private static final ObjectMapper JSON = new ObjectMapper();
        private final Map<Integer, String> titles = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<Integer, String> tags = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger(4700);

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            LoggedRequest request = event.getRequest();
            try {
                if ("POST".equals(request.getMethod().getName())) {
                    String title = JSON.readTree(request.getBodyAsString()).path("title").asString();
                    int id = ids.incrementAndGet();
                    titles.put(id, title);
                    tags.put(id, JSON.readTree(request.getBodyAsString()).path("tags").asString(""));
                    return json(201, JSON.createObjectNode().put("id", id).put("number", "3100" + id).put("title", title).toString());
                }
                if (request.getUrl().startsWith("/api/v1/tags")) {
                    ArrayNode list = JSON.createObjectNode().putArray("tags");
                    String ticket = request.queryParameter("o_id").firstValue();
                    for (String tag : tags.getOrDefault(Integer.valueOf(ticket), "").split(",")) {
                        if (!tag.isBlank()) {
                            list.add(tag.strip());
                        }
                    }
                    return json(200, "{\"tags\": " + list + "}");
                }
                String query = request.queryParameter("query").firstValue().replace("\"", "");
                ArrayNode found = JSON.createArrayNode();
                titles.forEach((id, title) -> {
                    if (title.contains(query)) {
                        found.addObject().put("id", id).put("number", "3100" + id).put("title", title);
                    }
                });
                return json(200, found.toString());
            } catch (tools.jackson.core.JacksonException e) {
                return json(422, "{\"error\": \"unreadable\"}");
            }
        }

        private static ResponseDefinition json(int status, String body) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                    .withHeader("Content-Type", "application/json; charset=utf-8").withBody(body).build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}
