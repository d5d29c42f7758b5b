package de.meldeweg.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MeldewegTestBase;
import de.meldeweg.support.Payloads;

/**
 * Thousands of validly signed but broken webhooks, made from the real fixtures with a seeded
 * Random (the seed is in the failure message, so a failure can be replayed): truncated, bytes
 * flipped, values of the wrong type, huge numbers and strings, deep nesting, fields missing,
 * not JSON at all, too large. Each gets 200 (stored) or a clear 4xx, intake records each with its
 * outcome and reason, no route dies, and a normal message afterwards is processed.
 */
class WebhookFuzzTest extends MeldewegTestBase {

    static final long SEED = Long.getLong("meldeweg.fuzz.seed", 20261129L);
    static final int PAYLOADS = Integer.getInteger("meldeweg.fuzz.payloads", 2000);
    static final int MAX_BODY = 1048576;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String NEST = "@@nested-here@@";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:fuzz;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("meldeweg.intake.poll-interval", () -> "20");
    }

    @Autowired
    CamelContext camel;

    /** One broken webhook and what was done to it. */
    record Mutant(String kind, byte[] body) {
    }

    @Test
    void brokenWebhooksAreAnsweredRecordedWithAReasonAndBlockNothing() throws Exception {
        // Routes that do not start without their outside system (the reply mailbox) are not the fuzz's concern.
        List<String> startedBefore = camel.getRoutes().stream().map(Route::getRouteId)
                .filter(id -> camel.getRouteController().getRouteStatus(id).isStarted()).toList();
        assertThat(startedBefore).contains("whatsapp-webhook", "intake", "intake-event");
        List<byte[]> seeds = seeds();
        Random random = new Random(SEED);
        List<Mutant> mutants = new ArrayList<>();
        for (int i = 0; i < PAYLOADS; i++) {
            mutants.add(mutate(seeds.get(random.nextInt(seeds.size())), random));
        }
        Map<String, String> kindByDigest = new ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger stored = new java.util.concurrent.atomic.AtomicInteger();
        Map<String, Integer> statusByKind = new ConcurrentHashMap<>();
        List<String> wrongAnswers = new ArrayList<>();

        long started = System.nanoTime();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (Mutant mutant : mutants) {
                answers.add(senders.submit(() -> {
                    HttpResponse<String> answer = postSigned(mutant.body());
                    int status = answer.statusCode();
                    statusByKind.merge(mutant.kind() + " " + status, 1, Integer::sum);
                    if (status == 200) {
                        stored.incrementAndGet();
                        kindByDigest.put(digest(mutant.body()), mutant.kind());
                    }
                    int expected = mutant.body().length > MAX_BODY ? 413 : mutant.body().length == 0 ? 400 : 200;
                    return status == expected ? null
                            : mutant.kind() + " (" + mutant.body().length + " bytes) answered " + status + ": " + answer.body();
                }));
            }
            for (Future<String> answer : answers) {
                String wrong = answer.get();
                if (wrong != null) {
                    wrongAnswers.add(wrong);
                }
            }
        } finally {
            senders.shutdownNow();
        }
        assertThat(wrongAnswers).as("seed %d: answers other than 200 (413 when too large, 400 when empty)", SEED).isEmpty();

        long posted = System.nanoTime();
        await().atMost(Duration.ofSeconds(45)).until(() -> count("SELECT COUNT(*) FROM webhook_event WHERE state = 'RECEIVED'") == 0);
        long taken = System.nanoTime();

        List<String> problems = new ArrayList<>();
        jdbc.query("SELECT id, state, reason, body FROM webhook_event", rs -> {
            String kind = kindByDigest.getOrDefault(digest(cipher.openBytes(rs.getBytes("body"))), "?");
            String state = rs.getString("state");
            String reason = rs.getString("reason");
            if ("FAILED".equals(state)) {
                problems.add("event " + rs.getLong("id") + " (" + kind + ") FAILED: " + reason);
            } else if ("IGNORED".equals(state) && (reason == null || reason.isBlank())) {
                problems.add("event " + rs.getLong("id") + " (" + kind + ") IGNORED without a reason");
            } else if (!parses(cipher.openBytes(rs.getBytes("body"))) && !("IGNORED".equals(state) && reason != null
                    && (reason.startsWith("malformed JSON") || reason.startsWith("unreadable body")))) {
                problems.add("event " + rs.getLong("id") + " (" + kind + ") is not JSON but " + state + ": " + reason);
            }
        });
        LoggerFactory.getLogger(WebhookFuzzTest.class).info("Fuzz seed {}: {} posted in {} ms, intake done {} ms later; answers by kind {}; "
                + "events by state {}", SEED, mutants.size(), (posted - started) / 1_000_000, (taken - posted) / 1_000_000,
                new java.util.TreeMap<>(statusByKind), jdbc.queryForList("SELECT state, COUNT(*) AS n FROM webhook_event GROUP BY state"));
        assertThat(problems).as("seed %d", SEED).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM webhook_event")).as("one stored event per 200").isEqualTo(stored.get());

        for (String routeId : startedBefore) {
            assertThat(camel.getRouteController().getRouteStatus(routeId).isStarted()).as(routeId).isTrue();
        }
        String phone = "4915112345699";
        String wamid = Payloads.newWamid();
        assertThat(webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Lena",
                Payloads.text(phone, wamid, "Nach dem Sturm: die Ampel am Marktplatz blinkt nur noch"))).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                count("SELECT COUNT(*) FROM inbound_message WHERE message_key = ?", messageKey(wamid)) == 1);
        assertThat(statusByKind).as("every kind of damage was tried").hasSizeGreaterThanOrEqualTo(10);
    }

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : List.of("text_umlauts.json", "image_caption.json", "voice_note.json", "batch_message_and_status.json")) {
            seeds.add(Fixtures.bytes(name));
        }
        String phone = "4915112345600";
        seeds.add(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Mia", Payloads.text(phone, Payloads.newWamid(), "Schlagloch"))
                .getBytes(StandardCharsets.UTF_8));
        seeds.add(Payloads.envelope(Payloads.change(Fixtures.PHONE_NUMBER_ID, null, List.of(),
                List.of(Payloads.status(Payloads.newWamid(), "delivered", phone)))).getBytes(StandardCharsets.UTF_8));
        return seeds;
    }

    static Mutant mutate(byte[] seed, Random random) throws Exception {
        int pick = random.nextInt(100);
        if (pick < 15) {
            return new Mutant("truncated", java.util.Arrays.copyOf(seed, random.nextInt(seed.length)));
        }
        if (pick < 25) {
            byte[] body = seed.clone();
            for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                body[random.nextInt(body.length)] = (byte) random.nextInt(256);
            }
            return new Mutant("bytes flipped", body);
        }
        if (pick < 30) {
            String[] notJson = {"", "null", "[]", "{}", "\"whatsapp\"", "0", "true", "{\"object\":\"whatsapp_business_account\"}",
                "{\"object\":\"whatsapp_business_account\",\"entry\":{}}", "\u0000\u0001\u0002", "<xml/>", "{\"entry\":[null,1,\"x\"]}"};
            byte[] garbage = new byte[random.nextInt(64)];
            random.nextBytes(garbage);
            int which = random.nextInt(notJson.length + 1);
            return new Mutant("not a webhook", which == notJson.length ? garbage : notJson[which].getBytes(StandardCharsets.UTF_8));
        }
        if (pick == 30 && random.nextInt(3) == 0) {
            byte[] huge = new byte[MAX_BODY + 1 + random.nextInt(1000)];
            java.util.Arrays.fill(huge, (byte) ' ');
            System.arraycopy(seed, 0, huge, 0, seed.length);
            return new Mutant("too large", huge);
        }
        JsonNode root = JSON.readTree(seed);
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        Slot slot = slots.get(random.nextInt(slots.size()));
        String kind;
        if (pick < 55) {
            kind = "wrong type";
            slot.set(wrongType(random));
        } else if (pick < 65) {
            kind = "huge number";
            String[] numbers = {"1e999999", "-1e400", "123456789012345678901234567890123456789", "9223372036854775808",
                "-9223372036854775809", "0.000000000000000000000000000001", "1E+2147483647"};
            slot.set(JSON.readTree(numbers[random.nextInt(numbers.length)]));
        } else if (pick < 75) {
            kind = "field missing";
            slot.remove();
        } else if (pick < 82) {
            // written as text: Jackson itself refuses to write more than 1000 levels
            String value = JSON.writeValueAsString(slot.get());
            StringBuilder open = new StringBuilder();
            StringBuilder close = new StringBuilder();
            for (int i = 0, depth = 50 + random.nextInt(2500); i < depth; i++) {
                boolean array = random.nextBoolean();
                open.append(array ? "[" : "{\"x\":");
                close.insert(0, array ? "]" : "}");
            }
            slot.set(NODES.textNode(NEST));
            String text = JSON.writeValueAsString(root).replace("\"" + NEST + "\"", open + value + close);
            return new Mutant("deeply nested", text.getBytes(StandardCharsets.UTF_8));
        } else if (pick < 90) {
            kind = "huge string";
            slot.set(NODES.textNode("Ä".repeat(1 + random.nextInt(random.nextInt(10) == 0 ? 600_000 : 1000))));
        } else {
            kind = "odd text";
            String[] texts = {"", " ", "\u202e\u0000", "👍".repeat(200), "+49 (151) 123-456", "wamid.", "../../etc/passwd",
                "'; DROP TABLE citizen; --", "${jndi:ldap://x}", "{{reference}}", "\ud800", "-1", "NaN"};
            slot.set(NODES.textNode(texts[random.nextInt(texts.length)]));
        }
        String text = JSON.writeValueAsString(root);
        // Meta escapes non-ASCII as \\uXXXX; some mutants keep raw UTF-8, both must be taken
        return new Mutant(kind, text.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode wrongType(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> NODES.numberNode(random.nextLong());
            case 1 -> NODES.textNode("x");
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> NODES.objectNode();
            case 5 -> NODES.arrayNode();
            case 6 -> NODES.arrayNode().add(NODES.objectNode().put("id", 1));
            default -> NODES.numberNode(random.nextDouble());
        };
    }

    /** A place in the tree that can be read, replaced or removed. */
    private record Slot(JsonNode parent, String field, int index) {
        JsonNode get() {
            return field != null ? parent.get(field) : parent.get(index);
        }

        void set(JsonNode value) {
            if (field != null) {
                ((ObjectNode) parent).set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (field != null) {
                ((ObjectNode) parent).remove(field);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node.isObject()) {
            for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext(); ) {
                String name = names.next();
                slots.add(new Slot(node, name, -1));
                collect(node.get(name), slots);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                slots.add(new Slot(node, null, i));
                collect(node.get(i), slots);
            }
        }
    }

    private static boolean parses(byte[] body) {
        try {
            JSON.readTree(body);
            return body.length > 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One webhook as Meta sends it: a connection that breaks before any answer (the server closing
     * a kept-alive connection as the next request goes out, or answering 413 while a huge body is
     * still being written) is sent again, as Meta redelivers what got no answer.
     */
    private HttpResponse<String> postSigned(byte[] body) {
        for (int attempt = 1; ; attempt++) {
            try {
                return webhooks.postSigned(body);
            } catch (IllegalStateException e) {
                if (attempt == 3 || !(e.getCause() instanceof java.io.IOException)) {
                    throw e;
                }
            }
        }
    }
}
