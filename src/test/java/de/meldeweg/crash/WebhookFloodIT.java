package de.meldeweg.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
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
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100 bogus webhook POSTs of 3 MB each at once, against the packaged service with a 256 MB heap:
 * without a signature header, with a malformed one, with a well-formed wrong one (by Content-Length
 * and chunked). The service answers each with a rejection (or drops the connection), stays healthy,
 * and a real signed webhook sent in the middle of the flood is answered 200 within 1 s.
 */
class WebhookFloodIT {

    private static final int FLOOD = 100;
    private static final int BODY_BYTES = 3 * 1024 * 1024;

    @TempDir
    Path tmp;

    private ServiceProcess service;
    private final SecureRandom random = new SecureRandom();
    private final String appSecret = "flood-it-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(12));

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aFloodOfLargeBogusBodiesLeavesTheServiceHealthyAndARealWebhookIsAnsweredWithinOneSecond() throws Exception {
        Path project = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path jar = project.resolve("target/meldeweg.jar");
        assertThat(jar).as("packaged service (mvn package)").isRegularFile();
        Path log = Files.createDirectories(project.resolve("target/crash-it")).resolve("webhook-flood.log");
        Files.deleteIfExists(log);
        Base64.Encoder b64 = Base64.getEncoder();
        service = ServiceProcess.start("flood", project, jar, log, List.of(
                "--spring.datasource.url=jdbc:h2:file:" + tmp.resolve("db/meldeweg") + ";WRITE_DELAY=0",
                "--meldeweg.whatsapp.app-secret=" + appSecret,
                "--meldeweg.whatsapp.phone-number-id=" + Webhooks.PHONE_NUMBER_ID,
                "--meldeweg.crypto.key=" + b64.encodeToString(bytes(32)),
                "--meldeweg.crypto.hash-key=" + b64.encodeToString(bytes(32)),
                "--meldeweg.outbox-dir=" + tmp.resolve("outbox"),
                "--meldeweg.templates-dir=" + project.resolve("config/templates")), "256m");
        service.awaitHealthy(Duration.ofSeconds(120));
        // Meta is not the flooder: the real webhooks come through a client of their own
        HttpClient meta = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        // the first webhook after start-up initialises the route, the store and the JIT; the flood is compared with a warm service
        Duration first = postRealWebhook(meta, "vor der Flut");

        byte[] bogus = new byte[BODY_BYTES];
        Arrays.fill(bogus, (byte) '{');
        String wellFormedWrong = "sha256=" + "ab".repeat(32);
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(FLOOD);
        CountDownLatch started = new CountDownLatch(FLOOD);
        List<Future<?>> flood = new ArrayList<>();
        Instant floodStart = Instant.now();
        try {
            for (int i = 0; i < FLOOD; i++) {
                int kind = i % 4;
                flood.add(senders.submit(() -> {
                    HttpRequest.Builder request = HttpRequest.newBuilder(service.webhook()).timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "application/json");
                    String label;
                    switch (kind) {
                        case 0 -> {
                            label = "no signature";
                            request.POST(HttpRequest.BodyPublishers.ofByteArray(bogus));
                        }
                        case 1 -> {
                            label = "malformed signature";
                            request.header("X-Hub-Signature-256", "sha1=deadbeef").POST(HttpRequest.BodyPublishers.ofByteArray(bogus));
                        }
                        case 2 -> {
                            label = "wrong signature";
                            request.header("X-Hub-Signature-256", wellFormedWrong).POST(HttpRequest.BodyPublishers.ofByteArray(bogus));
                        }
                        default -> {
                            label = "wrong signature, chunked";
                            request.header("X-Hub-Signature-256", wellFormedWrong)
                                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bogus)));
                        }
                    }
                    started.countDown();
                    String outcome;
                    try {
                        outcome = String.valueOf(client.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
                    } catch (IOException e) {
                        // the service may close the connection on a rejected body while it is still being sent
                        outcome = "connection closed";
                    }
                    answers.merge(label + ": " + outcome, 1, Integer::sum);
                    return null;
                }));
            }
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            Duration during = postRealWebhook(meta, "während der Flut");
            for (Future<?> f : flood) {
                f.get(60, TimeUnit.SECONDS);
            }
            Duration floodTook = Duration.between(floodStart, Instant.now());
            Duration after = postRealWebhook(meta, "nach der Flut");
            System.out.printf("Webhook flood: %d bogus POSTs of %d bytes answered in %d ms: %s; real webhook before %d ms, during %d ms, after %d ms%n",
                    FLOOD, BODY_BYTES, floodTook.toMillis(), new TreeMap<>(answers), first.toMillis(), during.toMillis(), after.toMillis());

            assertThat(answers.keySet()).as("no bogus body is accepted").noneMatch(k -> k.endsWith(": 200"));
            assertThat(answers.keySet()).as("answers").allMatch(k -> k.matches(".*: (401|403|413|429|connection closed)"));
            assertThat(during).as("real webhook during the flood").isLessThan(Duration.ofSeconds(1));
            assertThat(after).as("real webhook after the flood").isLessThan(Duration.ofSeconds(1));
            assertThat(service.alive()).isTrue();
            service.awaitHealthy(Duration.ofSeconds(5));
            assertThat(Files.readString(log, StandardCharsets.UTF_8)).doesNotContain("OutOfMemoryError");
        } finally {
            senders.shutdownNow();
        }
    }

    private Duration postRealWebhook(HttpClient client, String text) throws Exception {
        String phone = "4915799887766";
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102233445566778\",\"changes\":[{\"value\":"
                + "{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"4970511670000\",\"phone_number_id\":\""
                + Webhooks.PHONE_NUMBER_ID + "\"},\"contacts\":[{\"profile\":{\"name\":\"Flut Test\"},\"wa_id\":\"" + phone + "\"}],"
                + "\"messages\":[{\"from\":\"" + phone + "\",\"id\":\"wamid.HBgN" + Base64.getEncoder().withoutPadding()
                .encodeToString(bytes(18)) + "\",\"timestamp\":\"" + Instant.now().getEpochSecond() + "\",\"type\":\"text\","
                + "\"text\":{\"body\":\"Laterne kaputt " + text + "\"}}]},\"field\":\"messages\"}]}]}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Instant sent = Instant.now();
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(service.webhook()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("X-Hub-Signature-256", Webhooks.sign(bytes, appSecret))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.between(sent, Instant.now());
        assertThat(answer.statusCode()).as("real webhook: " + answer.body()).isEqualTo(200);
        return took;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
