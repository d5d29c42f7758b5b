package de.meldeweg.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URISyntaxException;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import de.meldeweg.crash.Ledger.Round;
import de.meldeweg.ops.H2CrashRecovery;
import de.meldeweg.crash.StoredState.Inbound;
import de.meldeweg.privacy.CryptoProperties;
import de.meldeweg.privacy.PersonalDataCipher;
import de.meldeweg.crash.Webhooks.Message;
import de.meldeweg.crash.Webhooks.Webhook;

/**
 * Nothing acknowledged is lost, nothing is processed twice — across kill -9.
 *
 * <p>Runs the packaged jar as its own process on a fresh H2 file database and posts validly signed
 * webhooks from several threads (single messages, batches, exact re-deliveries, old messages
 * re-batched with new ones). As soon as enough were answered 200, and while requests are still in
 * flight, the process gets SIGKILL. The database file as the kill left it is checked on a copy,
 * opened the way the service opens it after a crash (every 200 must be in it), then the service is
 * started again on the same file and the next round is killed the same way. H2 reuses freed file
 * space at once ({@code RETENTION_TIME=0}, by default after 45 s), so every round writes into
 * reused space, where H2 alone loses the newest commits on a crash (see H2CrashRecovery). A last
 * start re-delivers every webhook that never got its 200 (as Meta does), waits until intake has no
 * RECEIVED event left, stops the service normally and checks over JDBC: every message exactly once,
 * every event PROCESSED, no personal data in the log.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CrashRecoveryIT {

    private static final int KILL_ROUNDS = 2;
    private static final int ACKS_BEFORE_KILL = 250;
    private static final int SENDERS = 6;
    private static final int FINAL_NEW = 100;
    private static final int FINAL_REDELIVERIES = 40;
    private static final int CITIZENS = 16;
    private static final Duration START_UP = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    private final List<ServiceProcess> processes = new ArrayList<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final SecureRandom random = new SecureRandom();
    private final String appSecret = "crash-it-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(12));
    private final byte[] hashKey = bytes(32);

    /** Reads what the service encrypted, with the keys this test gave it. */
    private PersonalDataCipher cipher() {
        Base64.Encoder b64 = Base64.getEncoder();
        return new PersonalDataCipher(new CryptoProperties(b64.encodeToString(cryptoKey), b64.encodeToString(hashKey)));
    }
    private final byte[] cryptoKey = bytes(32);
    private final Webhooks webhooks = new Webhooks(appSecret, CITIZENS);
    private final Ledger ledger = new Ledger();
    private final List<Round> rounds = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(ServiceProcess::close);
    }

    @Test
    void acknowledgedWebhooksSurviveKillMinus9AndEveryMessageIsStoredExactlyOnce() throws Exception {
        Instant begin = Instant.now();
        Path project = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path jar = project.resolve("target/meldeweg.jar");
        assertThat(jar).as("packaged service (mvn package)").isRegularFile();
        Path out = Files.createDirectories(project.resolve("target/crash-it"));
        Path log = out.resolve("service.log");
        Files.deleteIfExists(log);
        Path dbDir = Files.createDirectories(tmp.resolve("db"));
        String dbUrl = "jdbc:h2:file:" + dbDir.resolve("meldeweg") + ";WRITE_DELAY=0;RETENTION_TIME=0";
        List<String> args = serviceArgs(project, dbUrl);
        List<String> timeline = new ArrayList<>();

        for (int n = 1; n <= KILL_ROUNDS; n++) {
            Round round = new Round("kill " + n);
            rounds.add(round);
            ServiceProcess service = start(round.name, project, jar, log, args);
            Duration startUp = service.awaitHealthy(START_UP);
            Instant sendStart = Instant.now();
            sendUntilKilled(service, round);
            timeline.add("%s: start-up %.1f s, sending until SIGKILL %.1f s".formatted(round.name,
                    seconds(startUp), seconds(Duration.between(sendStart, Instant.now()))));
            // The file exactly as the kill left it, read on a copy so the next start recovers the original.
            Path copy = Files.createDirectories(tmp.resolve("after-" + round.name.replace(' ', '-')));
            Files.copy(dbDir.resolve("meldeweg.mv.db"), copy.resolve("meldeweg.mv.db"));
            // Opened as the service opens it after a crash: H2CrashRecovery first (plain H2 would miss
            // the newest commits whenever the last chunk went into reused space, see H2CrashRecoveryTest).
            assertThat(H2CrashRecovery.recoverIfUnclean(copy.resolve("meldeweg.mv.db")))
                    .as("the file after SIGKILL is not marked as closed cleanly").isTrue();
            check(StoredState.read("jdbc:h2:file:" + copy.resolve("meldeweg") + ";IFEXISTS=TRUE", cipher()), round, false);
        }

        Round last = new Round("final");
        rounds.add(last);
        ServiceProcess service = start(last.name, project, jar, log, args);
        Duration startUp = service.awaitHealthy(START_UP);
        Instant sendStart = Instant.now();
        redeliverAndFinish(service, last);
        Instant waitStart = Instant.now();
        await("intake has processed every stored event")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .failFast("service died, see " + log, () -> !service.alive())
                .until(service::pendingEvents, pending -> pending == 0);
        Instant stopStart = Instant.now();
        int exit = service.stop();
        timeline.add("final: start-up %.1f s, re-delivery %.1f s, intake drained %.1f s, graceful stop %.1f s (exit %d)"
                .formatted(seconds(startUp), seconds(Duration.between(sendStart, waitStart)),
                        seconds(Duration.between(waitStart, stopStart)), seconds(Duration.between(stopStart, Instant.now())), exit));
        StoredState end = StoredState.read("jdbc:h2:file:" + dbDir.resolve("meldeweg") + ";IFEXISTS=TRUE", cipher());
        check(end, last, true);
        checkLog(log);

        String report = report(end, timeline, Duration.between(begin, Instant.now()), log);
        System.out.println(report);
        Files.writeString(out.resolve("report.txt"), report, StandardCharsets.UTF_8);

        assertThat(problems).as("see target/crash-it/report.txt and service.log").isEmpty();
        assertThat(rounds.subList(0, KILL_ROUNDS).stream().mapToLong(r -> r.unprocessedAtEnd).sum())
                .as("events still RECEIVED at the kills: intake must have had work left, else recovery was not tested")
                .isPositive();
    }

    private List<String> serviceArgs(Path project, String dbUrl) throws URISyntaxException {
        Path probe = Path.of(getClass().getResource("/crash/crash-it-probe.camel.yaml").toURI()).getParent();
        Base64.Encoder b64 = Base64.getEncoder();
        return List.of(
                "--spring.datasource.url=" + dbUrl,
                "--meldeweg.whatsapp.app-secret=" + appSecret,
                "--meldeweg.whatsapp.phone-number-id=" + Webhooks.PHONE_NUMBER_ID,
                "--meldeweg.crypto.key=" + b64.encodeToString(cryptoKey),
                "--meldeweg.crypto.hash-key=" + b64.encodeToString(hashKey),
                "--meldeweg.outbox-dir=" + tmp.resolve("outbox"),
                "--meldeweg.templates-dir=" + project.resolve("config/templates"),
                "--camel.main.routes-include-pattern=file:" + project.resolve("routes") + "/*.yaml,file:" + probe + "/*.yaml");
    }

    private ServiceProcess start(String label, Path project, Path jar, Path log, List<String> args) {
        ServiceProcess service = ServiceProcess.start(label, project, jar, log, args);
        processes.add(service);
        return service;
    }

    /** Posts from several threads until ACKS_BEFORE_KILL were answered 200, then SIGKILL with requests in flight. */
    private void sendUntilKilled(ServiceProcess service, Round round) throws Exception {
        HttpClient client = client();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        for (int i = 0; i < SENDERS; i++) {
            long seed = random.nextLong();
            senders.submit(() -> {
                RandomGenerator rnd = new SplittableRandom(seed);
                while (!stop.get() && !Thread.currentThread().isInterrupted()) {
                    post(client, service, next(rnd, round), round);
                }
                return null;
            });
        }
        try {
            await(round.name + ": " + ACKS_BEFORE_KILL + " webhooks answered 200")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(2))
                    .failFast("service answered other than 200 (see report)", () -> round.otherStatus.get() > 0)
                    .failFast("service died before the kill", () -> !service.alive())
                    .until(() -> round.acked.get() >= ACKS_BEFORE_KILL);
        } finally {
            round.killedAt = Instant.now();
            service.sigkill();
            // Requests already sent stay in flight; no new ones hammer the dying port.
            stop.set(true);
            service.awaitDeath();
            senders.shutdown();
            if (!senders.awaitTermination(30, TimeUnit.SECONDS)) {
                senders.shutdownNow();
                problems.add(round.name + ": senders did not finish within 30 s after the kill");
            }
        }
    }

    /** Mostly new webhooks; 5 % exact re-deliveries and 3 % old messages re-batched with a new one. */
    private Webhook next(RandomGenerator rnd, Round round) {
        int dice = rnd.nextInt(100);
        Webhook old = dice < 8 ? ledger.randomAcknowledged(rnd) : null;
        if (old != null && dice < 5) {
            return old;
        }
        if (old != null) {
            round.rebatches.incrementAndGet();
            round.newMessages.incrementAndGet();
            return webhooks.rebatch(old.messages().get(rnd.nextInt(old.messages().size())), rnd);
        }
        Webhook fresh = webhooks.fresh(rnd);
        round.newMessages.addAndGet(fresh.messages().size());
        return fresh;
    }

    /** Like Meta after an outage: every webhook never answered 200 again, some answered ones again, new ones. */
    private void redeliverAndFinish(ServiceProcess service, Round round) throws Exception {
        RandomGenerator rnd = new SplittableRandom(random.nextLong());
        List<Webhook> work = new ArrayList<>(ledger.unacknowledged());
        for (int i = 0; i < FINAL_REDELIVERIES; i++) {
            work.add(ledger.randomAcknowledged(rnd));
        }
        for (int i = 0; i < FINAL_NEW; i++) {
            Webhook w = i % 10 == 0 ? webhooks.rebatch(work.get(rnd.nextInt(work.size())).messages().get(0), rnd) : webhooks.fresh(rnd);
            round.newMessages.addAndGet(i % 10 == 0 ? 1 : w.messages().size());
            round.rebatches.addAndGet(i % 10 == 0 ? 1 : 0);
            work.add(w);
        }
        Collections.shuffle(work, new java.util.Random(rnd.nextLong()));
        HttpClient client = client();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Callable<Object>> posts = work.stream()
                    .map(w -> (Callable<Object>) () -> { post(client, service, w, round); return null; }).toList();
            senders.invokeAll(posts, 120, TimeUnit.SECONDS);
        } finally {
            senders.shutdownNow();
        }
        assertThat(round.acked.get()).as("final round: every post answered 200 (answers: %s, no answer: %d)",
                round.statuses, round.noAnswer.get()).isEqualTo(work.size());
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    private void post(HttpClient client, ServiceProcess service, Webhook webhook, Round round) throws InterruptedException {
        ledger.posting(webhook, round);
        HttpRequest request = HttpRequest.newBuilder(service.webhook())
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", webhook.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.bytes()))
                .build();
        try {
            ledger.answered(webhook, client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode(), round);
        } catch (IOException e) {
            // Connection reset or refused by the kill: not acknowledged, so Meta would deliver it again.
            ledger.noAnswer(round);
        }
    }

    /**
     * Compares the database with the ledger. After a kill: every 200 has its event, processed events
     * have all their messages, no message twice. At the end additionally: every message of every
     * posted webhook exactly once, every event PROCESSED, one citizen per phone number, no hints.
     */
    private void check(StoredState db, Round round, boolean complete) {
        String when = complete ? "at the end" : "right after " + round.name;
        Map<String, Integer> stored = db.bodies();
        long lostEvents = 0;
        long lostEventMessages = 0;
        long overStored = 0;
        for (Ledger.Entry e : ledger.entries()) {
            int n = stored.getOrDefault(e.webhook.body(), 0);
            if (n < e.acks.get()) {
                lostEvents += e.acks.get() - n;
                lostEventMessages += n == 0 ? e.webhook.messages().size() : 0;
            }
            if (n > e.attempts.get()) {
                overStored++;
            }
        }
        if (lostEvents > 0) {
            problems.add(lossPattern(db, stored));
            problem("%s: %d answer(s) 200 without a stored webhook event (%d message(s) in webhooks not stored at all)"
                    + " — acknowledged and LOST", when, lostEvents, lostEventMessages);
        }
        if (overStored > 0) {
            problem("%s: %d webhook(s) stored more often than posted", when, overStored);
        }
        long foreign = stored.keySet().stream().filter(b -> ledger.entry(b) == null).count();
        if (foreign > 0) {
            problem("%s: %d stored event(s) with a body the test never sent", when, foreign);
        }

        Map<String, Message> byKey = new HashMap<>();
        ledger.messages().values().forEach(m -> byKey.put(Webhooks.messageKey(hashKey, m.id()), m));
        Set<String> keys = new HashSet<>();
        long unknownRows = 0;
        long wrongRows = 0;
        for (Inbound row : db.inbound()) {
            keys.add(row.messageKey());
            Message m = byKey.get(row.messageKey());
            if (m == null) {
                unknownRows++;
            } else if (!row.accepted() || !"text".equals(row.type()) || !m.text().equals(row.text())) {
                wrongRows++;
            }
        }
        if (unknownRows > 0) {
            problem("%s: %d inbound_message row(s) whose message_key matches no message the test sent", when, unknownRows);
        }
        if (wrongRows > 0) {
            problem("%s: %d message(s) not stored as accepted text with the text as sent", when, wrongRows);
        }
        // Independent of the UNIQUE message_key: the same text (unique token) must not be stored twice.
        Map<String, Long> textCounts = db.inbound().stream().filter(r -> r.text() != null)
                .collect(Collectors.groupingBy(Inbound::text, Collectors.counting()));
        long duplicates = textCounts.values().stream().mapToLong(c -> c - 1).sum();
        if (duplicates > 0) {
            problem("%s: %d message(s) stored more than once", when, duplicates);
        }
        // One transaction per event: an event marked PROCESSED must have all its messages stored.
        long halfProcessed = db.events().stream()
                .filter(event -> "PROCESSED".equals(event.state()) && ledger.entry(event.body()) != null)
                .filter(event -> ledger.entry(event.body()).webhook.messages().stream()
                        .anyMatch(m -> !keys.contains(Webhooks.messageKey(hashKey, m.id()))))
                .count();
        if (halfProcessed > 0) {
            problem("%s: %d event(s) PROCESSED although not all their messages are in inbound_message", when, halfProcessed);
        }

        long lostMessages = 0;
        if (complete) {
            Map<String, Message> sent = ledger.messages();
            Map<String, Message> acknowledged = ledger.acknowledgedMessages();
            if (acknowledged.size() != sent.size()) {
                problem("%s: %d message(s) were never acknowledged although re-delivered", when, sent.size() - acknowledged.size());
            }
            lostMessages = acknowledged.values().stream()
                    .filter(m -> !keys.contains(Webhooks.messageKey(hashKey, m.id()))).count();
            if (lostMessages > 0) {
                problem("%s: %d acknowledged message(s) not in inbound_message — LOST", when, lostMessages);
            }
            if (db.inbound().size() != acknowledged.size()) {
                problem("%s: %d inbound_message rows for %d distinct acknowledged messages", when, db.inbound().size(), acknowledged.size());
            }
            db.states().forEach((state, n) -> {
                if (!"PROCESSED".equals(state)) {
                    problem("%s: %d webhook event(s) in state %s", when, n, state);
                }
            });
            long phones = sent.values().stream().map(m -> m.from().phone()).distinct().count();
            if (db.citizens() != phones) {
                problem("%s: %d citizen rows for %d distinct phone numbers", when, db.citizens(), phones);
            }
            if (db.hints() != 0) {
                problem("%s: %d hint(s) although only text messages were sent", when, db.hints());
            }
            if (db.privacyNotices() != db.citizens()) {
                problem("%s: %d privacy notice(s) for %d citizens: each gets exactly one", when, db.privacyNotices(), db.citizens());
            }
        }
        long before = rounds.indexOf(round) == 0 ? 0 : rounds.get(rounds.indexOf(round) - 1).storedEvents;
        round.storedEvents = db.events().size();
        round.storedUnanswered = round.storedEvents - before - round.acked.get();
        round.unprocessedAtEnd = db.eventsIn("RECEIVED");
        round.inboundRows = db.inbound().size();
        round.lost = lostEvents + lostMessages;
        round.duplicates = duplicates;
    }

    /**
     * Where the lost acknowledgements lie in time: a consecutive tail just before a kill (nothing
     * acknowledged after the first lost one was stored) or scattered among stored ones.
     */
    private String lossPattern(StoredState db, Map<String, Integer> stored) {
        List<Ledger.Entry> acked = ledger.entries().stream().filter(e -> e.firstAck != null)
                .sorted(java.util.Comparator.comparing((Ledger.Entry e) -> e.firstAck)).toList();
        StringBuilder r = new StringBuilder("loss pattern (ms relative to the round's SIGKILL; L = lost, s = stored):");
        for (Round x : rounds) {
            if (x.killedAt == null) {
                continue;
            }
            List<Ledger.Entry> inRound = acked.stream().filter(e -> x.name.equals(e.firstAckRound)).toList();
            List<Ledger.Entry> lost = inRound.stream().filter(e -> stored.getOrDefault(e.webhook.body(), 0) < e.acks.get()).toList();
            Instant newestStored = db.events().stream().filter(e -> ledger.entry(e.body()) != null
                    && x.name.equals(ledger.entry(e.body()).firstAckRound)
                    && e.receivedAt().isBefore(x.killedAt.plusSeconds(5))).map(StoredState.Event::receivedAt)
                    .max(Instant::compareTo).orElse(null);
            r.append("\n    %s: %d acknowledged, %d lost".formatted(x.name, inRound.size(), lost.size()));
            if (newestStored != null) {
                r.append(", newest stored event of the round received %d ms".formatted(Duration.between(x.killedAt, newestStored).toMillis()));
            }
            if (!lost.isEmpty()) {
                Instant firstLost = lost.get(0).firstAck;
                long storedAfter = inRound.stream().filter(e -> !e.firstAck.isBefore(firstLost)
                        && stored.getOrDefault(e.webhook.body(), 0) >= e.acks.get()).count();
                r.append(", lost acked from %d to %d ms, stored among/after them: %d; last 40 acks: ".formatted(
                        Duration.between(x.killedAt, firstLost).toMillis(),
                        Duration.between(x.killedAt, lost.get(lost.size() - 1).firstAck).toMillis(), storedAfter));
                inRound.subList(Math.max(0, inRound.size() - 40), inRound.size())
                        .forEach(e -> r.append(stored.getOrDefault(e.webhook.body(), 0) < e.acks.get() ? 'L' : 's'));
                int firstLostIndex = inRound.indexOf(lost.get(0));
                r.append(" (first lost is ack #%d of %d)".formatted(firstLostIndex + 1, inRound.size()));
            }
        }
        return r.toString();
    }

    /** Personal data must never reach the log: no phone number, no profile name, no message text. */
    private void checkLog(Path log) throws IOException {
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        for (Webhooks.Citizen c : webhooks.citizens()) {
            if (text.contains(c.phone())) {
                problem("service log contains a raw sender phone number (%s...)", c.phone().substring(0, 5));
            }
            if (text.contains(c.name())) {
                problem("service log contains a sender's profile name");
            }
        }
        long texts = ledger.messages().values().stream().filter(m -> text.contains(m.token())).count();
        if (texts > 0) {
            problem("service log contains the text of %d message(s)", texts);
        }
    }

    private void problem(String format, Object... args) {
        String p = format.formatted(args);
        if (problems.size() < 50) {
            problems.add(p);
        }
    }

    private String report(StoredState end, List<String> timeline, Duration total, Path log) {
        StringBuilder r = new StringBuilder("\nCrashRecoveryIT\n");
        r.append("%-7s %6s %6s %6s %6s %6s %6s %7s %7s %7s %7s %6s %5s%n".formatted("round", "posted", "200", "no-ans",
                "redel", "rebat", "newMsg", "events", "no-200", "unproc", "inbound", "dupl", "lost"));
        for (Round x : rounds) {
            r.append("%-7s %6d %6d %6d %6d %6d %6d %7d %7d %7d %7d %6d %5d%n".formatted(x.name.replace("kill ", "kill"),
                    x.posted.get(), x.acked.get(), x.noAnswer.get(), x.redeliveries.get(), x.rebatches.get(),
                    x.newMessages.get(), x.storedEvents, x.storedUnanswered, x.unprocessedAtEnd, x.inboundRows,
                    x.duplicates, x.lost));
        }
        r.append("posted = 200 + no-ans; redel = posts of a body posted before; rebat = old message re-sent with a new one\n")
                .append("events, unproc, inbound, dupl, lost: in the database file right after the round's process ended\n")
                .append("no-200 = events stored in the round but never answered 200 (in flight at the kill)\n")
                .append("unproc = events still RECEIVED (intake had not got to them); lost counts all rounds so far\n");
        r.append("messages sent: %d distinct, acknowledged: %d, stored in inbound_message: %d, event states: %s, citizens: %d%n"
                .formatted(ledger.messages().size(), ledger.acknowledgedMessages().size(), end.inbound().size(),
                        end.states(), end.citizens()));
        timeline.forEach(t -> r.append(t).append('\n'));
        r.append("total %.1f s%n".formatted(seconds(total)));
        r.append(problems.isEmpty() ? "no problems\n" : "PROBLEMS:\n  " + String.join("\n  ", problems) + "\n");
        if (!problems.isEmpty()) {
            r.append(ServiceLog.warnings(log));
        }
        return r.toString();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
