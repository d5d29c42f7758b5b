package de.meldeweg.bench;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import de.meldeweg.privacy.CryptoProperties;
import de.meldeweg.privacy.PersonalDataCipher;
import de.meldeweg.privacy.PhoneNumberCipher;
import de.meldeweg.support.Payloads;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The console benchmark (issue 12): an embedded PostgreSQL seeded with 100,000 cases and 1,000,000
 * messages shaped like the service's own rows (encrypted where the service encrypts, with its keys),
 * the service jar started against it, a console user signed in through the form (with CSRF), every
 * console page measured (p50/p95/p99 over many requests), and the webhook's ingest throughput with
 * and without a console page polling. Not a test: run it with {@code bench/console.sh} (see
 * docs/testing-and-benchmarks.md, "Console benchmark"). Prints a Markdown report and writes it to
 * {@code bench/out/console-<timestamp>.md}.
 */
public final class ConsoleBenchmark {

    private static final String SECRET = "meldeweg-bench-app-secret";
    private static final String PHONE_NUMBER_ID = "106655443322110";
    private static final String USER = "bench-admin";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");
    private static final Pattern COOKIE = Pattern.compile("^([^=;\\s]+)=([^;]*)");
    private static final ZoneId CITY = ZoneId.of("Europe/Berlin");
    private static final String[] SENTENCES = {
        "An der Bushaltestelle Marktplatz ist die Bank kaputt, bitte reparieren.",
        "In der Badstrasse ist seit gestern Abend die Strassenlaterne vor Hausnummer [Hausnummer] dunkel.",
        "Auf dem Spielplatz am Bruehl liegen Glasscherben unter der Rutsche.",
        "Der Glascontainer beim Friedhof quillt ueber, daneben stehen Tueten mit Altglas.",
        "Am Radweg nach Hirsau ist ein Ast heruntergebrochen und versperrt die halbe Fahrbahn.",
        "Die Ampel an der Kreuzung Bahnhofstrasse schaltet fuer Fussgaenger nicht mehr auf Gruen.",
        "Im Stadtgarten ist der Muelleimer neben dem Brunnen seit Tagen voll.",
        "Vor der Grundschule ist ein Schlagloch, in dem heute ein Fahrradfahrer fast gestuerzt waere.",
    };
    private static final String[] NAMES = {"Hans Baeuerle", "Maria Koenig", "Juergen Weiss", "Anna Mueller", "Sevgi Yilmaz",
        "Luca Rossi", "Ingrid Schaefer", "Oksana Kovalenko", "Peter Gross", "Fatma Oezdemir"};
    private static final String[] ACTORS = {"beschwerde.mueller", "beschwerde.yilmaz", "it-betrieb", "Token ADMIN", "fachamt.schmidt"};
    private static final String[] ACTIONS = {"ANMELDUNG", "FREIGEBEN", "VERWERFEN", "UMLEITEN", "SCHLIESSEN", "ERNEUT_SENDEN", "API POST /admin/review"};

    private final Map<String, String> options;
    private final Path work;
    private final Random random = new Random(20261204L);
    private final String password = "bench-" + java.util.UUID.randomUUID();
    private final Map<String, String> cookies = new ConcurrentHashMap<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    private final StringBuilder report = new StringBuilder();
    private final List<String> references = new ArrayList<>();
    private PersonalDataCipher cipher;
    private PhoneNumberCipher phones;
    private String key;
    private String hashKey;
    private EmbeddedPostgres postgres;
    private GreenMail smtp;
    private WireMockServer zammad;
    private Process service;
    private URI base;
    private String jdbcUrl;
    /** --db=h2: the service opens the H2 file, the benchmark reaches it through H2's auto server. */
    private boolean h2;
    private String dbUser = "postgres";
    private String dbPassword = "postgres";

    private ConsoleBenchmark(Map<String, String> options, Path work) {
        this.options = options;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("cases", "100000", "messages", "1000000", "requests", "100",
                "warmup", "20", "ingest-seconds", "15", "ingest-rounds", "12", "connections", "16", "poll", "PT1S",
                "jar", "target/meldeweg.jar", "out", "bench/out"));
        options.putAll(Map.of("ingest-warmup", "120", "pipeline", "paused", "drain-timeout", "PT10M"));
        options.put("java-opts", "");
        options.put("pages", "");
        // postgres (embedded PostgreSQL 17) or h2 (the service's embedded default, a file in the work dir)
        options.put("db", "postgres");
        // H2 only: the settings of the service's default URL (application.yaml); --h2-options= to compare others
        options.put("h2-options", EndToEndBenchmark.SERVICE_H2_OPTIONS);
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            given.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        if (Boolean.parseBoolean(given.getOrDefault("quick", "false"))) {
            // a few minutes: proves the method works, decides nothing
            options.putAll(Map.of("cases", "20000", "messages", "200000", "requests", "20", "warmup", "5", "ingest-rounds", "3",
                    "ingest-seconds", "5", "ingest-warmup", "20", "drain-timeout", "PT3M"));
        }
        options.putAll(given);
        Path work = Files.createTempDirectory("meldeweg-console-bench");
        ConsoleBenchmark bench = new ConsoleBenchmark(options, work);
        // Ctrl-C or kill: the service and the database go too
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                bench.close();
            } catch (Exception ignored) {
                // going away anyway
            }
        }));
        try {
            bench.run();
        } finally {
            bench.close();
        }
        String text = bench.report.toString();
        System.out.println();
        System.out.println(text);
        Path out = Files.createDirectories(Path.of(options.get("out")));
        Path file = out.resolve("console-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        System.out.println("written to " + file);
        System.exit(0);
    }

    private static void log(String text) {
        System.err.printf("[console-bench %s] %s%n", LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")), text);
    }

    private void run() throws Exception {
        java.security.SecureRandom secure = new java.security.SecureRandom();
        byte[] bytes = new byte[32];
        secure.nextBytes(bytes);
        key = java.util.Base64.getEncoder().encodeToString(bytes);
        secure.nextBytes(bytes);
        hashKey = java.util.Base64.getEncoder().encodeToString(bytes);
        cipher = new PersonalDataCipher(new CryptoProperties(key, hashKey));
        phones = new PhoneNumberCipher(cipher);

        String loadBefore = loadAverage();
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        zammad = new WireMockServer(options().dynamicPort().containerThreads(16));
        zammad.start();
        zammad.stubFor(WireMock.post("/api/v1/tickets").willReturn(WireMock.aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": 4711, \"number\": \"31004711\"}")));
        zammad.stubFor(WireMock.get(WireMock.urlPathMatching("/api/v1/.*")).willReturn(WireMock.aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("[]")));

        String db = options.get("db");
        if (!db.equals("postgres") && !db.equals("h2")) {
            throw new IllegalArgumentException("--db is postgres or h2, not " + db);
        }
        h2 = db.equals("h2");
        if (h2) {
            // The service's own settings (or --h2-options) and AUTO_SERVER=TRUE, in the URL of both: the
            // service opens the file first, embedded, and serves it to the benchmark's connections over TCP.
            Files.createDirectories(work.resolve("db"));
            jdbcUrl = "jdbc:h2:file:" + work.resolve("db/meldeweg") + ";" + autoServerOptions(options.get("h2-options"));
            dbUser = "sa";
            dbPassword = "";
            log("H2 file " + work.resolve("db/meldeweg.mv.db") + ", URL " + jdbcUrl);
        } else {
            log("starting an embedded PostgreSQL in " + work.resolve("pg"));
            postgres = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).setCleanDataDirectory(true)
                    .setServerConfig("shared_buffers", "256MB").setServerConfig("max_wal_size", "4GB")
                    .setServerConfig("synchronous_commit", "on").start();
            jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
        }

        // The service creates its schema (Flyway) and loads the directory; then the seed goes in
        // behind its back, in final states that no route picks up again.
        startService();
        long seedStart = System.nanoTime();
        Map<String, Long> seeded = seed(Integer.parseInt(options.get("cases")), Integer.parseInt(options.get("messages")));
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        log("seeded in %.0f s: %s".formatted(seedSeconds, seeded));

        if (Boolean.parseBoolean(options.getOrDefault("explain", "false"))) {
            explain();
            return;
        }
        if (Boolean.parseBoolean(options.getOrDefault("hold", "false"))) {
            // --hold=true: keep the seeded database and the service up for EXPLAIN by hand, until killed
            log("holding: database " + jdbcUrl + " (" + dbUser + "/" + dbPassword + "), service " + base + ", user " + USER + " password " + password);
            new java.util.concurrent.CountDownLatch(1).await();
        }
        signIn();
        report.append("## Console benchmark %s%n%n".formatted(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))));
        report.append("- commit %s, %d cores, %s%n".formatted(options.getOrDefault("commit", "?"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version")));
        if (h2) {
            report.append("- H2 %s, file in the work dir opened by the service (embedded; the benchmark's own connections through AUTO_SERVER), "
                    .formatted(org.h2.engine.Constants.VERSION));
            report.append("settings `%s` (in the URL as `%s`: H2 refuses DB_CLOSE_ON_EXIT with AUTO_SERVER, and with AUTO_SERVER "
                    .formatted(options.get("h2-options"), autoServerOptions(options.get("h2-options"))));
            report.append(("the service runs neither its H2 maintenance nor its crash recovery), seeded in %.0f s (batched INSERTs, then ANALYZE): "
                    + "%s; file %s MB after the seed%n").formatted(seedSeconds, seeded, h2FileMegabytes()));
        } else {
            report.append("- PostgreSQL 17 (embedded), seeded in %.0f s: %s%n".formatted(seedSeconds, seeded));
        }
        report.append("- load average (1/5/15 min) at the start: %s%n%n".formatted(loadBefore));

        report.append("- statistics snapshot after the seed: %s%n%n".formatted(countStatistics()));
        measurePages();
        report.append("- load average after the pages: %s%n%n".formatted(loadAverage()));
        measureIngest();
        report.append("- load average at the end: %s%n".formatted(loadAverage()));
    }

    // ------------------------------------------------------------------ seeding

    private record Category(String code, String name, String dept, String deptName, String email, String queue, String service) {
    }

    private Map<String, Long> seed(int cases, int messages) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection db = connect()) {
            // PostgreSQL: COPY text through the driver's CopyManager; H2: the same rows as batched INSERTs
            Loader loader = h2 ? new Loader(null, db) : new Loader(db.unwrap(PGConnection.class).getCopyAPI(), null);
            List<Category> categories = new ArrayList<>();
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT c.code, c.name, d.dept_key, d.name, d.email, "
                    + "d.ticket_queue, c.service_code FROM category c JOIN department d ON d.dept_key = c.dept_key ORDER BY c.code")) {
                while (rs.next()) {
                    categories.add(new Category(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7)));
                }
            }
            if (categories.isEmpty()) {
                throw new IllegalStateException("the service loaded no directory (category table is empty)");
            }
            Instant now = Instant.now();
            Duration span = Duration.ofDays(180);
            int citizens = Math.max(1, cases / 3);

            // citizens: number and profile name encrypted, the number's keyed hash for look-ups
            Chunk chunk = new Chunk(loader, "COPY citizen (id, phone_hash, phone_enc, profile_name_enc, first_seen_at, last_inbound_at) FROM STDIN");
            for (int c = 1; c <= citizens; c++) {
                String phone = "49151" + String.format("%08d", 10_000_000 + c);
                chunk.row(c, cipher.keyedHash("phone", phone), phones.encrypt(phone), cipher.encrypt(NAMES[c % NAMES.length]),
                        now.minus(span), now.minus(Duration.ofHours(c % 500)));
            }
            counts.put("citizens", chunk.finish());
            log("citizens done");

            // cases, oldest first; messages, deliveries, replies, receipts and reviews alongside
            Chunk caseRows = new Chunk(loader, "COPY report_case (id, reference, citizen_id, state, category_code, dept_key, report_enc, urgent, "
                    + "created_at, forwarded_at, closed_at, ticket_id, category_name, department_name, department_email, ticket_queue, "
                    + "service_code, language) FROM STDIN");
            Chunk messageRows = new Chunk(loader, caseRows, "COPY inbound_message (id, message_key, citizen_id, type, accepted, text_enc, media_id, "
                    + "media_mime, sent_at, received_at, case_id, latitude, longitude) FROM STDIN");
            Chunk mediaRows = new Chunk(loader, messageRows, "COPY inbound_media (message_id, media_id, state, content, mime, attempts, next_attempt_at) FROM STDIN");
            Chunk deliveryRows = new Chunk(loader, caseRows, "COPY delivery (id, case_id, channel, state, attempts, next_attempt_at, last_error, created_at, "
                    + "delivered_at) FROM STDIN");
            Chunk replyRows = new Chunk(loader, caseRows, "COPY reply (id, source_key, channel, case_id, outcome, received_at) FROM STDIN");
            Chunk outboundRows = new Chunk(loader, "COPY outbound_message (id, citizen_id, purpose, body, state, attempts, next_attempt_at, "
                    + "last_error, created_at, sent_at, message_key, delivery_status, attempted_at) FROM STDIN");
            Chunk reviewRows = new Chunk(loader, caseRows, "COPY case_review (case_id, reason, held_at, decision, decided_at) FROM STDIN");
            Chunk eventRows = new Chunk(loader, "COPY webhook_event (id, received_at, body, state, attempts, processed_at) FROM STDIN");
            byte[] photo = jpegLike(3000);
            Map<Integer, Integer> counters = new TreeMap<>();
            long messageId = 0;
            long deliveryId = 0;
            long replyId = 0;
            long outboundId = 0;
            long eventId = 0;
            double perCase = (double) messages / cases;
            for (int i = 1; i <= cases; i++) {
                Instant created = now.minus(span).plusMillis((long) (span.toMillis() * (i - 0.5) / cases));
                long ageDays = Duration.between(created, now).toDays();
                int year = created.atZone(CITY).getYear();
                int number = counters.merge(year, 1, Integer::sum);
                String reference = String.format("WK-%d-%06d", year, number);
                if (i % Math.max(1, cases / 400) == 0) {
                    references.add(reference);
                }
                int citizen = 1 + random.nextInt(citizens);
                double r = random.nextDouble();
                Category category = categories.get((int) (categories.size() * r * r));
                boolean urgent = random.nextInt(100) < 3;
                String state;
                Instant closed = null;
                if (i > cases - 3) {
                    state = "ASSEMBLED";
                } else if (ageDays <= 30 && random.nextInt(300) == 0) {
                    state = "REVIEW";
                } else if (random.nextInt(100) < (ageDays > 30 ? 30 : 45)) {
                    state = "CLOSED";
                    long earliest = Math.max(created.toEpochMilli() + 3_600_000L, now.minus(Duration.ofDays(29)).toEpochMilli());
                    closed = Instant.ofEpochMilli(earliest + (long) (random.nextDouble() * Math.max(1, now.toEpochMilli() - earliest)));
                } else {
                    state = "FORWARDED";
                }
                boolean forwarded = state.equals("CLOSED") || state.equals("FORWARDED");
                Instant forwardedAt = forwarded ? created.plusSeconds(90) : null;
                int n = Math.max(1, (int) Math.round(perCase * (0.5 + random.nextDouble())));
                String[] sentences = new String[n];
                String[] types = new String[n];
                StringBuilder text = new StringBuilder();
                for (int m = 0; m < n; m++) {
                    int kind = random.nextInt(100);
                    types[m] = m > 0 && kind < 15 ? "image" : m > 0 && kind < 19 ? "location" : "text";
                    sentences[m] = SENTENCES[random.nextInt(SENTENCES.length)];
                    if (types[m].equals("text") && text.length() < 1500) {
                        text.append(sentences[m]).append(' ');
                    }
                }
                String report = "Meldung " + reference + ": " + text.toString().strip();
                caseRows.row(i, reference, citizen, state, category.code(), category.dept(), cipher.encrypt(report), urgent,
                        created, forwardedAt, closed, forwarded ? "31" + (100_000 + i) : null, category.name(), category.deptName(),
                        category.email(), category.queue(), category.service(), "de");
                for (int m = 0; m < n; m++) {
                    messageId++;
                    Instant received = created.minusSeconds(20L * (n - m));
                    boolean image = types[m].equals("image");
                    boolean location = types[m].equals("location");
                    String sentence = sentences[m];
                    String mediaId = image ? "bench-media-" + messageId : null;
                    messageRows.row(messageId, cipher.keyedHash("wamid", "wamid.bench." + messageId), citizen,
                            types[m], true, image || location ? null : cipher.encrypt(sentence),
                            mediaId, image ? "image/jpeg" : null, received.minusSeconds(2), received, i,
                            location ? 48.71 + random.nextDouble() / 100 : null, location ? 8.73 + random.nextDouble() / 100 : null);
                    if (image) {
                        boolean fresh = ageDays < 7;
                        mediaRows.row(messageId, mediaId, fresh ? "FETCHED" : "EXPIRED", fresh ? photo : null, "image/jpeg", 1, received);
                    }
                    if (ageDays < 7) {
                        eventId++;
                        byte[] body = Payloads.messages(PHONE_NUMBER_ID, "49151" + (10_000_000 + citizen), NAMES[citizen % NAMES.length],
                                Payloads.text("49151" + (10_000_000 + citizen), "wamid.bench." + messageId, sentence)).getBytes(StandardCharsets.UTF_8);
                        eventRows.row(eventId, received, cipher.sealBytes(body), "PROCESSED", 1,
                                received.plusMillis(300));
                    }
                }
                if (forwarded) {
                    boolean dead = ageDays <= 30 && random.nextInt(200) == 0;
                    deliveryRows.row(++deliveryId, i, "MAIL", "DELIVERED", 1, forwardedAt, null, created, forwardedAt);
                    deliveryRows.row(++deliveryId, i, "TICKET", dead ? "DEAD" : "DELIVERED", dead ? 8 : 1, forwardedAt,
                            dead ? "Zammad answered HTTP 503 Service Unavailable" : random.nextInt(50) == 0 ? "connect timed out (recovered)" : null,
                            created, dead ? null : forwardedAt.plusSeconds(2));
                }
                if (closed != null && random.nextInt(100) < 40) {
                    replyRows.row(++replyId, "bench-reply-" + i, "MAIL", i, "RELAYED", closed.minusSeconds(3600));
                }
                if (forwarded && ageDays <= 30) {
                    boolean failed = random.nextInt(500) == 0;
                    outboundRows.row(++outboundId, citizen, "RECEIPT", cipher.encrypt("Danke fuer Ihre Meldung " + reference
                                    + ". Wir haben sie an " + category.deptName() + " weitergegeben."), failed ? "FAILED" : "SENT", 1,
                            forwardedAt, failed ? "Graph API 131026: message undeliverable" : null, forwardedAt,
                            failed ? null : forwardedAt.plusSeconds(1), failed ? null : cipher.keyedHash("wamid", "wamid.out." + outboundId),
                            failed ? null : "read", forwardedAt);
                }
                if (state.equals("REVIEW")) {
                    reviewRows.row(i, "Schimpfwort erkannt: \"[Wort]\" (Liste safety.words)", created.plusSeconds(30), null, null);
                } else if (forwarded && random.nextInt(200) == 0) {
                    reviewRows.row(i, "Drohung erkannt (Liste safety.threats)", created.plusSeconds(30), "RELEASED", forwardedAt);
                }
            }
            counts.put("cases", caseRows.finish());
            counts.put("messages", messageRows.finish());
            counts.put("photos", mediaRows.finish());
            counts.put("deliveries", deliveryRows.finish());
            counts.put("replies", replyRows.finish());
            counts.put("whatsapp", outboundRows.finish());
            counts.put("reviews", reviewRows.finish());
            counts.put("webhooks", eventRows.finish());
            log("cases and messages done");

            // the console's audit log over two years, erasure audits, WhatsApp errors, statistics facts of purged cases
            Chunk audit = new Chunk(loader, "COPY console_audit (id, at, actor, role, action, case_reference, detail) FROM STDIN");
            int audits = cases / 2;
            for (int a = 1; a <= audits; a++) {
                String action = ACTIONS[random.nextInt(ACTIONS.length)];
                audit.row(a, now.minus(Duration.ofDays(720)).plusMillis((long) (Duration.ofDays(720).toMillis() * (double) a / audits)),
                        ACTORS[random.nextInt(ACTORS.length)], action.equals("ANMELDUNG") ? "ADMIN" : "REVIEW", action,
                        action.equals("ANMELDUNG") ? null : references.isEmpty() ? null : references.get(random.nextInt(references.size())),
                        action.equals("ANMELDUNG") ? null : "geprueft, Zustaendigkeit klar");
            }
            counts.put("audit", audit.finish());
            Chunk erasures = new Chunk(loader, "COPY erasure_audit (id, erased_at, phone_hash, messages, photos, cases_dropped, cases_kept, "
                    + "deliveries_dropped, whatsapp_messages, webhook_events, ticket_notes, outbox_files) FROM STDIN");
            for (int e = 1; e <= Math.max(1, cases / 300); e++) {
                erasures.row(e, now.minus(Duration.ofDays(random.nextInt(1000))), cipher.keyedHash("phone", "4917000" + e), 12, 2, 1, 1, 2, 3, 4, 0, 0);
            }
            counts.put("erasures", erasures.finish());
            Chunk errors = new Chunk(loader, "COPY whatsapp_error (id, source, code, title, detail, recorded_at) FROM STDIN");
            for (int e = 1; e <= 30; e++) {
                errors.row(e, "status", 131047, "Re-engagement message", "More than 24 hours have passed", now.minus(Duration.ofHours(e * 5L)));
            }
            counts.put("whatsapp errors", errors.finish());
            Chunk facts = new Chunk(loader, "COPY case_statistics_case (report_day, category_code, dept_key, urgent, held, forward_minutes, "
                    + "answer_minutes, close_minutes, answered_in_time) FROM STDIN");
            LocalDate today = LocalDate.now(CITY);
            for (int f = 0; f < cases; f++) {
                Category category = categories.get((int) (categories.size() * Math.pow(random.nextDouble(), 2)));
                facts.row(today.minusDays(150 + random.nextInt(580)), category.code(), category.dept(), random.nextInt(100) < 3, false,
                        2, 600 + random.nextInt(6000), 1440 + random.nextInt(20000), random.nextBoolean());
            }
            counts.put("statistics facts", facts.finish());

            if (h2) {
                finishH2Seed(db, counters);
                return counts;
            }
            try (Statement st = db.createStatement()) {
                for (String table : IDENTITY_TABLES) {
                    st.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), (SELECT MAX(id) FROM " + table + "))");
                }
                for (Map.Entry<Integer, Integer> counter : counters.entrySet()) {
                    st.execute("INSERT INTO case_reference_counter (ref_year, last_value) VALUES (" + counter.getKey() + ", " + counter.getValue()
                            + ") ON CONFLICT (ref_year) DO UPDATE SET last_value = GREATEST(case_reference_counter.last_value, EXCLUDED.last_value)");
                }
                // as after any bulk load (and as autovacuum would do later, in the middle of the measurements):
                // visibility map and statistics up to date, so index-only scans need no heap visits
                log("VACUUM ANALYZE");
                st.execute("VACUUM ANALYZE");
            }
        }
        return counts;
    }

    /** The seeded tables whose ids the database generates: after the seed, the next id comes after the seeded ones. */
    private static final List<String> IDENTITY_TABLES = List.of("citizen", "report_case", "inbound_message", "delivery", "reply",
            "outbound_message", "webhook_event", "console_audit", "erasure_audit", "whatsapp_error");

    /** H2's end of the seed: identity columns past the seeded ids, the reference counters, and ANALYZE for the optimizer's statistics. */
    private static void finishH2Seed(Connection db, Map<Integer, Integer> counters) throws java.sql.SQLException {
        try (Statement st = db.createStatement()) {
            for (String table : IDENTITY_TABLES) {
                long max;
                try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM " + table)) {
                    rs.next();
                    max = rs.getLong(1);
                }
                st.execute("ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH " + (max + 1));
            }
            for (Map.Entry<Integer, Integer> counter : counters.entrySet()) {
                int year = counter.getKey();
                int last = counter.getValue();
                if (st.executeUpdate("UPDATE case_reference_counter SET last_value = GREATEST(last_value, " + last + ") WHERE ref_year = " + year) == 0) {
                    st.execute("INSERT INTO case_reference_counter (ref_year, last_value) VALUES (" + year + ", " + last + ")");
                }
            }
            db.commit();
            // the optimizer's selectivity of every column, as VACUUM ANALYZE gives PostgreSQL's planner
            log("ANALYZE");
            st.execute("ANALYZE");
            db.commit();
        }
    }

    /**
     * The H2 settings with AUTO_SERVER=TRUE added and DB_CLOSE_ON_EXIT left out: H2 refuses the two together
     * ("Feature not supported"). DB_CLOSE_ON_EXIT=FALSE only decides who closes the database when the JVM exits.
     */
    static String autoServerOptions(String h2Options) {
        List<String> settings = new ArrayList<>(Arrays.stream(h2Options.split(";")).map(String::strip)
                .filter(o -> !o.isEmpty() && !o.toUpperCase(java.util.Locale.ROOT).startsWith("DB_CLOSE_ON_EXIT=")
                        && !o.toUpperCase(java.util.Locale.ROOT).startsWith("AUTO_SERVER="))
                .toList());
        settings.add("AUTO_SERVER=TRUE");
        return String.join(";", settings);
    }

    private Connection connect() throws java.sql.SQLException {
        return DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
    }

    /** The H2 file's size in MB ("?" if it cannot be read). */
    private String h2FileMegabytes() {
        try {
            return String.valueOf(Files.size(work.resolve("db/meldeweg.mv.db")) >> 20);
        } catch (IOException e) {
            return "?";
        }
    }

    private static byte[] jpegLike(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xD8;
        bytes[size - 2] = (byte) 0xFF;
        bytes[size - 1] = (byte) 0xD9;
        return bytes;
    }

    /** Where the seed's rows go: PostgreSQL's COPY ({@code copy}), or H2 ({@code db}, INSERTs in transactions of a chunk each). */
    private record Loader(CopyManager copy, Connection db) {
    }

    /**
     * Rows for one {@code COPY table (columns) FROM STDIN}, sent in chunks. PostgreSQL: COPY in text format; strings must not
     * contain tabs, newlines or backslashes, booleans go as t/f, byte arrays as bytea hex ({@code \\x...}), null as {@code \N}.
     * H2: the same rows bound to {@code INSERT INTO table (columns) VALUES (...), (...)} of up to {@value #ROWS_PER_INSERT}
     * rows, one transaction per chunk.
     */
    private static final class Chunk {
        private static final int ROWS = 20_000;
        private static final int ROWS_PER_INSERT = 100;
        private final Loader loader;
        private final String sql;
        private final Chunk parent;
        private final StringBuilder rows = new StringBuilder();
        private final List<Object[]> values = new ArrayList<>();
        private final String insert;
        private final int columns;
        private java.sql.PreparedStatement fullInsert;
        private long total;
        private int pending;

        Chunk(Loader loader, String sql) {
            this(loader, sql, null);
        }

        Chunk(Loader loader, Chunk parent, String sql) {
            this(loader, sql, parent);
        }

        /** Rows that refer to {@code parent}'s rows: the parent's pending rows go in first. */
        Chunk(Loader loader, String sql, Chunk parent) {
            this.loader = loader;
            this.sql = sql;
            this.parent = parent;
            Matcher copy = Pattern.compile("^COPY (\\w+) \\(([^)]+)\\) FROM STDIN$").matcher(sql);
            if (!copy.matches()) {
                throw new IllegalArgumentException("not a COPY ... FROM STDIN: " + sql);
            }
            this.insert = "INSERT INTO " + copy.group(1) + " (" + copy.group(2) + ") VALUES ";
            this.columns = copy.group(2).split(",").length;
        }

        void row(Object... row) throws Exception {
            if (row.length != columns) {
                throw new IllegalArgumentException(row.length + " values for " + columns + " columns: " + sql);
            }
            if (loader.db() != null) {
                values.add(row);
            } else {
                for (int v = 0; v < row.length; v++) {
                    if (v > 0) {
                        rows.append('\t');
                    }
                    rows.append(copyText(row[v]));
                }
                rows.append('\n');
            }
            total++;
            if (++pending >= ROWS) {
                flush();
            }
        }

        private static String copyText(Object value) {
            if (value == null) {
                return "\\N";
            }
            if (value instanceof Boolean b) {
                return b ? "t" : "f";
            }
            if (value instanceof byte[] bytes) {
                return "\\\\x" + HexFormat.of().formatHex(bytes);
            }
            return value.toString();
        }

        private void flush() throws Exception {
            if (parent != null) {
                parent.flush();
            }
            if (pending > 0) {
                if (loader.db() != null) {
                    insert(loader.db());
                } else {
                    loader.copy().copyIn(sql, new StringReader(rows.toString()));
                    rows.setLength(0);
                }
                pending = 0;
            }
        }

        private void insert(Connection db) throws java.sql.SQLException {
            db.setAutoCommit(false);
            int at = 0;
            while (at < values.size()) {
                int n = Math.min(ROWS_PER_INSERT, values.size() - at);
                java.sql.PreparedStatement statement;
                if (n == ROWS_PER_INSERT) {
                    if (fullInsert == null) {
                        fullInsert = db.prepareStatement(insertOf(ROWS_PER_INSERT));
                    }
                    statement = fullInsert;
                } else {
                    statement = db.prepareStatement(insertOf(n));
                }
                int p = 1;
                for (int r = at; r < at + n; r++) {
                    for (Object value : values.get(r)) {
                        statement.setObject(p++, value);
                    }
                }
                statement.executeUpdate();
                if (statement != fullInsert) {
                    statement.close();
                }
                at += n;
            }
            db.commit();
            values.clear();
        }

        private String insertOf(int n) {
            String row = "(" + String.join(", ", java.util.Collections.nCopies(columns, "?")) + ")";
            return insert + String.join(", ", java.util.Collections.nCopies(n, row));
        }

        long finish() throws Exception {
            flush();
            if (fullInsert != null) {
                fullInsert.close();
                fullInsert = null;
            }
            return total;
        }
    }

    /** {@code --explain=true}: the query plans of the console's heavier queries on the seeded data, instead of the measurements. */
    private void explain() throws Exception {
        // H2 knows neither PostgreSQL's interval '30 days' nor EXPLAIN's options; its EXPLAIN ANALYZE gives the plan with rows read
        String since = h2 ? "CURRENT_TIMESTAMP - INTERVAL '30' DAY" : "now() - interval '30 days'";
        String weekAgo = h2 ? "CURRENT_TIMESTAMP - INTERVAL '7' DAY" : "now() - interval '7 days'";
        List<String> queries = List.of(
                "SELECT reference, state, category_name, department_name, urgent, created_at, closed_at FROM report_case WHERE 1 = 1 "
                        + "ORDER BY created_at DESC, id DESC OFFSET 0 ROWS FETCH FIRST 51 ROWS ONLY",
                "SELECT reference, state, category_name, department_name, urgent, created_at, closed_at FROM report_case WHERE 1 = 1 "
                        + "ORDER BY created_at DESC, id DESC OFFSET 10000 ROWS FETCH FIRST 51 ROWS ONLY",
                "SELECT reference FROM report_case WHERE state = 'FORWARDED' ORDER BY created_at DESC, id DESC OFFSET 0 ROWS FETCH FIRST 51 ROWS ONLY",
                "SELECT reference FROM report_case WHERE urgent = true AND dept_key = (SELECT MIN(dept_key) FROM report_case) "
                        + "ORDER BY created_at DESC, id DESC OFFSET 0 ROWS FETCH FIRST 51 ROWS ONLY",
                "SELECT id, at, actor, role, action, case_reference, detail FROM console_audit ORDER BY at DESC, id DESC OFFSET 0 ROWS FETCH FIRST 101 ROWS ONLY",
                "SELECT d.next_attempt_at, d.channel, c.reference, d.last_error FROM delivery d JOIN report_case c ON c.id = d.case_id "
                        + "WHERE d.last_error IS NOT NULL ORDER BY d.next_attempt_at DESC FETCH FIRST 10 ROWS ONLY",
                "SELECT recorded_at, source, code, title FROM whatsapp_error ORDER BY recorded_at DESC FETCH FIRST 10 ROWS ONLY",
                "SELECT COUNT(*) FROM report_case WHERE created_at >= " + weekAgo,
                "SELECT c.reference, r.held_at, c.urgent, r.reason, c.report_enc FROM case_review r JOIN report_case c ON c.id = r.case_id "
                        + "WHERE r.decision IS NULL AND c.state = 'REVIEW' ORDER BY r.held_at, c.id FETCH FIRST 200 ROWS ONLY",
                "SELECT c.created_at, c.category_code, c.dept_key, c.urgent, c.forwarded_at, c.closed_at, "
                        + "(SELECT MIN(r.received_at) FROM reply r WHERE r.case_id = c.id AND r.outcome = 'RELAYED'), "
                        + "(SELECT COUNT(*) FROM case_review v WHERE v.case_id = c.id) FROM report_case c WHERE c.created_at >= " + since,
                "SELECT type, received_at FROM inbound_message WHERE case_id = 5000 ORDER BY received_at, id");
        try (Connection db = connect(); Statement st = db.createStatement()) {
            for (String query : queries) {
                report.append("```\n").append(query).append('\n');
                try (ResultSet rs = st.executeQuery((h2 ? "EXPLAIN ANALYZE " : "EXPLAIN (ANALYZE, BUFFERS) ") + query)) {
                    while (rs.next()) {
                        report.append(rs.getString(1)).append('\n');
                    }
                }
                report.append("```\n\n");
            }
        }
    }

    // ------------------------------------------------------------------ service and sign-in

    private void startService() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        base = URI.create("http://127.0.0.1:" + port);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String javaOpts = options.get("java-opts");
        if (!javaOpts.isBlank()) {
            command.addAll(Arrays.asList(javaOpts.trim().split("\\s+")));
        }
        String hash = new BCryptPasswordEncoder(10).encode(password);
        command.addAll(List.of("-jar", options.get("jar"),
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=" + dbUser, "--spring.datasource.password=" + dbPassword,
                "--meldeweg.crypto.key=" + key, "--meldeweg.crypto.hash-key=" + hashKey,
                "--meldeweg.whatsapp.app-secret=" + SECRET,
                "--meldeweg.whatsapp.phone-number-id=" + PHONE_NUMBER_ID,
                "--meldeweg.outbox-dir=" + work.resolve("outbox"),
                "--meldeweg.mail.smtp.host=127.0.0.1",
                "--meldeweg.mail.smtp.port=" + smtp.getSmtp().getPort(),
                "--meldeweg.mail.smtp.starttls=false",
                "--meldeweg.ticket.system=zammad",
                "--meldeweg.ticket.base-url=http://127.0.0.1:" + zammad.port(),
                "--meldeweg.ticket.token=bench-token",
                "--meldeweg.console.accounts[0].username=" + USER,
                "--meldeweg.console.accounts[0].password-hash=" + hash,
                "--meldeweg.console.accounts[0].role=ADMIN",
                // the statistics snapshot is taken again right after the seed (countStatistics)
                "--meldeweg.console.statistics.first-delay=PT1S"));
        if (options.get("pipeline").equals("running")) {
            // bench-only: the backlog must be worked off between runs in seconds, not after the five
            // minutes of quiet a citizen's messages wait for more, or the ten of a flood's hold
            command.addAll(List.of("--meldeweg.case.grouping-window=" + options.getOrDefault("grouping-window", "PT5S"),
                    "--meldeweg.safety.flood-messages=100000"));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("service.log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("MELDEWEG_") || k.startsWith("SPRING_"));
        log("starting the service on " + base + " (log: " + work.resolve("service.log") + ")");
        service = builder.start();
        ServiceStart.awaitHealthy(service, base, work.resolve("service.log"), java.time.Duration.ofSeconds(600), java.time.Duration.ofMillis(250));
        log("service up");
    }

    /** Signs in as a user would: the sign-in page, its CSRF token, the form POST; keeps the session cookie. */
    private void signIn() throws Exception {
        HttpResponse<String> page = get("/console/login");
        Matcher csrf = CSRF.matcher(page.body());
        if (page.statusCode() != 200 || !csrf.find()) {
            throw new IllegalStateException("sign-in page without CSRF token: HTTP " + page.statusCode());
        }
        String token = csrf.group(1) != null ? csrf.group(1) : csrf.group(2);
        String form = "username=" + URLEncoder.encode(USER, StandardCharsets.UTF_8) + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        HttpResponse<String> login = client.send(withCookies(HttpRequest.newBuilder(base.resolve("/console/login")))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        keepCookies(login);
        String location = login.headers().firstValue("Location").orElse("");
        if (login.statusCode() != 302 || location.contains("login")) {
            throw new IllegalStateException("sign-in refused: HTTP " + login.statusCode() + " -> " + location);
        }
        HttpResponse<String> overview = get("/console");
        if (overview.statusCode() != 200 || overview.body().contains("name=\"password\"")) {
            throw new IllegalStateException("not signed in after the form: HTTP " + overview.statusCode());
        }
        log("signed in as " + USER);
    }

    private HttpRequest.Builder withCookies(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
        return request.timeout(Duration.ofSeconds(30));
    }

    private void keepCookies(HttpResponse<?> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            Matcher m = COOKIE.matcher(header);
            if (m.find()) {
                cookies.put(m.group(1), m.group(2));
            }
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> response = client.send(withCookies(HttpRequest.newBuilder(base.resolve(path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        keepCookies(response);
        return response;
    }

    // ------------------------------------------------------------------ pages

    private record Page(String name, List<String> paths) {
        Page(String name, String path) {
            this(name, List.of(path));
        }
    }

    private List<Page> pages() {
        LocalDate today = LocalDate.now(CITY);
        String monthAgo = today.minusDays(30).toString();
        String category;
        String department;
        String deepKey;
        String closedKey;
        try (Connection db = connect();
             Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT category_code, dept_key FROM report_case GROUP BY category_code, dept_key "
                     + "ORDER BY COUNT(*) DESC FETCH FIRST 1 ROWS ONLY")) {
            rs.next();
            category = rs.getString(1);
            department = rs.getString(2);
            // the keys "weiter" carries after 200 pages (all cases) and 100 pages (closed ones), as the page links make them
            deepKey = key(st, "SELECT created_at, id FROM report_case ORDER BY created_at DESC, id DESC OFFSET 9999 ROWS FETCH FIRST 1 ROWS ONLY");
            closedKey = key(st, "SELECT created_at, id FROM report_case WHERE state = 'CLOSED' ORDER BY created_at DESC, id DESC "
                    + "OFFSET 4999 ROWS FETCH FIRST 1 ROWS ONLY");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        List<String> casePages = references.stream().map(r -> "/console/cases/" + r).toList();
        String year = String.valueOf(today.getYear());
        List<Page> pages = new ArrayList<>(List.of(
                new Page("overview", "/console"),
                new Page("overview panel (htmx)", "/console/overview/panel"),
                new Page("cases, no filter", "/console/cases"),
                new Page("cases, state FORWARDED", "/console/cases?state=FORWARDED"),
                new Page("cases, category + last 30 days", "/console/cases?category=" + category + "&from=" + monthAgo + "&to=" + today),
                new Page("cases, department + urgent", "/console/cases?department=" + department + "&urgent=true"),
                new Page("cases, held", "/console/cases?held=true"),
                new Page("cases, reference prefix", "/console/cases?reference=WK-" + year + "-0001"),
                new Page("cases, page 201 by its link (10,000 deep)", "/console/cases?page=200&after=" + deepKey),
                new Page("cases, page 201 typed in (offset)", "/console/cases?page=200"),
                new Page("cases, state CLOSED page 101 by its link", "/console/cases?state=CLOSED&page=100&after=" + closedKey),
                new Page("case page", casePages),
                new Page("review queue", "/console/review"),
                new Page("dead letters", "/console/dead-letters"),
                new Page("erasures", "/console/erasures"),
                new Page("routes", "/console/routes"),
                new Page("audit", "/console/audit"),
                new Page("audit, page 100", "/console/audit?page=100"),
                new Page("directory", "/console/directory"),
                new Page("statistics (12 months)", "/console/statistics"),
                new Page("statistics (weeks)", "/console/statistics?period=WEEK"),
                // the snapshot holds whole months only: a range that cuts its first month counts that month at each
                // request, as the default range does with the running month at the end of a month (about 30 days)
                new Page("statistics (5 months, first month cut)",
                        "/console/statistics?from=" + today.minusMonths(5).withDayOfMonth(2) + "&to=" + today)));
        String only = options.get("pages");
        if (!only.isBlank()) {
            pages.removeIf(p -> Arrays.stream(only.split(",")).noneMatch(o -> p.name().startsWith(o.strip())));
        }
        return pages;
    }

    private static String key(Statement st, String sql) throws java.sql.SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return URLEncoder.encode(rs.getTimestamp(1).toInstant() + "~" + rs.getLong(2), StandardCharsets.UTF_8);
        }
    }

    private void measurePages() throws Exception {
        int requests = Integer.parseInt(options.get("requests"));
        int warmup = Integer.parseInt(options.get("warmup"));
        report.append("### Console pages (%d requests each after %d warm-up requests, one at a time, signed in as ADMIN)%n%n"
                .formatted(requests, warmup));
        report.append("| page | p50 ms | p95 ms | p99 ms | max ms | KB | p95 < 200 ms |\n|---|---:|---:|---:|---:|---:|---|\n");
        List<Page> pages = pages();
        // every page once through its warm-up before any is measured: the first pages measured
        // would otherwise pay for the JIT compiling the shared code (security, templates, JDBC)
        log("pages warm-up: " + warmup + " requests each");
        for (Page page : pages) {
            for (int i = 0; i < warmup; i++) {
                get(page.paths().get(Math.floorMod(i, page.paths().size())));
            }
        }
        for (Page page : pages) {
            long[] micros = new long[requests];
            int size = 0;
            for (int i = -warmup; i < requests; i++) {
                String path = page.paths().get(Math.floorMod(i, page.paths().size()));
                long start = System.nanoTime();
                HttpResponse<String> response = get(path);
                long took = (System.nanoTime() - start) / 1000;
                if (response.statusCode() != 200 || response.body().contains("name=\"password\"")) {
                    throw new IllegalStateException(page.name() + ": " + path + " answered HTTP " + response.statusCode());
                }
                if (i >= 0) {
                    micros[i] = took;
                    size = response.body().length();
                }
            }
            Arrays.sort(micros);
            double p95 = percentile(micros, 95);
            String line = "| %s | %.1f | %.1f | %.1f | %.1f | %d | %s |".formatted(page.name(), percentile(micros, 50) / 1000, p95 / 1000,
                    percentile(micros, 99) / 1000, micros[micros.length - 1] / 1000.0, size / 1024, p95 < 200_000 ? "yes" : "NO");
            report.append(line).append('\n');
            log(line);
        }
        report.append('\n');
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    // ------------------------------------------------------------------ ingest with and without a polling console

    /** The routes that work off what the webhook stored: stopped during the runs with --pipeline=paused. */
    private static final List<String> PIPELINE = List.of("intake", "case-assembly", "delivery-send", "whatsapp-send", "media-fetch");

    private void measureIngest() throws Exception {
        int seconds = Integer.parseInt(options.get("ingest-seconds"));
        int rounds = Integer.parseInt(options.get("ingest-rounds"));
        int connections = Integer.parseInt(options.get("connections"));
        Duration poll = Duration.parse(options.get("poll"));
        int warmup = Integer.parseInt(options.get("ingest-warmup"));
        String pipeline = options.get("pipeline");
        if (!pipeline.equals("paused") && !pipeline.equals("running")) {
            throw new IllegalArgumentException("--pipeline is paused or running, not " + pipeline);
        }
        boolean paused = pipeline.equals("paused");
        Duration drainTimeout = Duration.parse(options.get("drain-timeout"));
        if (paused) {
            // the webhook alone: what it stores stays stored, nothing works it off during the runs,
            // so every run starts from the same state (no backlog of earlier runs eating the cores)
            routes("stop");
        }
        // the JIT needs a minute or two of load on 2 cores before the figures settle (see bench/run.sh)
        log("ingest warm-up " + warmup + " s (half of it with the console polling), pipeline " + pipeline);
        ingest(warmup / 2, connections, null);
        ingest(warmup - warmup / 2, connections, new Poller(poll, new ArrayList<>()));
        List<Double> withouts = new ArrayList<>();
        List<Double> withs = new ArrayList<>();
        List<Double> changes = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<Long> pollLatencies = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // the order alternates from round to round (ABBA...), so a machine getting busier or quieter hits both alike
            double without;
            double with;
            StringBuilder drains = new StringBuilder();
            if (round % 2 == 1) {
                drains.append(drain(paused, drainTimeout));
                without = ingest(seconds, connections, null);
                drains.append(", ").append(drain(paused, drainTimeout));
                with = ingest(seconds, connections, new Poller(poll, pollLatencies));
            } else {
                drains.append(drain(paused, drainTimeout));
                with = ingest(seconds, connections, new Poller(poll, pollLatencies));
                drains.append(", ").append(drain(paused, drainTimeout));
                without = ingest(seconds, connections, null);
            }
            double change = 100.0 * (with - without) / without;
            withouts.add(without);
            withs.add(with);
            changes.add(change);
            String line = "| %d | %s | %.0f | %.0f | %+.1f %% | %s | %s |".formatted(round, round % 2 == 1 ? "without, with" : "with, without",
                    without, with, change, drains, loadAverage());
            lines.add(line);
            log(line);
        }
        String backlogAfter = "";
        if (paused) {
            routes("start");
            backlogAfter = " The pipeline was started again after the rounds; its backlog then: " + backlog() + ".";
        }
        long[] polls = pollLatencies.stream().mapToLong(Long::longValue).sorted().toArray();
        // the second run of a round tends to differ from the first (warm caches, a poller starting): the rounds with the
        // console second and those with it first are judged apart and the two medians averaged, so the order cancels out
        List<Double> consoleSecond = new ArrayList<>();
        List<Double> consoleFirst = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            (i % 2 == 0 ? consoleSecond : consoleFirst).add(changes.get(i));
        }
        double medianChange = consoleFirst.isEmpty() ? median(changes) : (median(consoleSecond) + median(consoleFirst)) / 2;
        double drop = -medianChange;
        double spread = 100.0 * (quartile(withouts, 3) - quartile(withouts, 1)) / median(withouts);
        double changeSpread = quartile(changes, 3) - quartile(changes, 1);
        report.append("### Webhook ingest with and without the overview panel polled every %s s%n%n".formatted(poll.toMillis() / 1000.0));
        report.append(paused
                ? "Pipeline paused: the routes %s were stopped through the console's routes page before the warm-up, so the webhook alone ran (verify, store, answer) and no run inherited work from an earlier one. "
                        .formatted(String.join(", ", PIPELINE))
                : "Pipeline running: before each run the benchmark waited until the backlog (webhook events, messages not in a case, cases not forwarded, deliveries and WhatsApp replies in work) was empty (at most %s). "
                        .formatted(drainTimeout));
        report.append("%d connections, signed text-message webhooks with unique message ids, %d s per run, %d s warm-up, then %d rounds of one run "
                .formatted(connections, seconds, warmup, rounds));
        report.append("without and one with the console polling, the order alternating from round to round; judged on the mean of two medians: "
                + "that of the rounds with the console run second and that of the rounds with it first, so that an order effect cancels out.\n\n");
        report.append("| round | order | without console req/s | with console polling req/s | change | wait before the runs | load 1/5/15 |\n"
                + "|---:|---|---:|---:|---:|---|---|\n");
        lines.forEach(l -> report.append(l).append('\n'));
        // a machine busy with other work moves the runs by more than the 5 % to be seen: then no verdict
        String verdict = rounds < 3 ? "NOT JUDGED (fewer than 3 rounds)"
                : spread > 10 ? "NOT JUDGED (the runs without the console spread %.1f %%, more than 10 %%: too noisy to see 5 %%)".formatted(spread)
                : changeSpread > 10 ? "NOT JUDGED (the rounds' changes spread %.1f points, more than 10: too noisy to see 5 %%)".formatted(changeSpread)
                : drop <= 5 ? "PASS" : "FAIL";
        report.append("\nMedian of the rounds: without %.0f req/s, with %.0f req/s. Median change with the console run second %+.1f %%, run first %+.1f %%; "
                .formatted(median(withouts), median(withs), median(consoleSecond), median(consoleFirst)));
        report.append("their mean %+.1f %% (drop %.1f %%, target at most 5 %%). ".formatted(medianChange, drop));
        report.append("Spread: the runs without the console %.1f %% (interquartile range over median), the rounds' changes %.1f points (interquartile range). "
                .formatted(spread, changeSpread));
        report.append("Poll answers under ingest load: p50 %.0f ms, p95 %.0f ms, max %.0f ms (%d polls).%s%n%n".formatted(percentile(polls, 50) / 1000,
                percentile(polls, 95) / 1000, polls.length == 0 ? 0 : polls[polls.length - 1] / 1000.0, polls.length, backlogAfter));
        report.append("**Ingest verdict: %s** (drop %.1f %%, order-balanced median, target at most 5 %%; pipeline %s)%n%n".formatted(verdict, drop, pipeline));
        log("Ingest verdict: " + verdict);
    }

    /** Stops or starts the pipeline's routes through the console's routes page, as an admin would (POST with the CSRF token). */
    private void routes(String action) throws Exception {
        for (String route : PIPELINE) {
            route(route, action);
        }
        log("pipeline routes " + (action.equals("stop") ? "stopped" : "started") + ": " + String.join(", ", PIPELINE));
    }

    private void route(String route, String action) throws Exception {
        HttpResponse<String> page = get("/console/routes");
        Matcher csrf = CSRF.matcher(page.body());
        if (page.statusCode() != 200 || !csrf.find()) {
            throw new IllegalStateException("routes page without CSRF token: HTTP " + page.statusCode());
        }
        String token = csrf.group(1) != null ? csrf.group(1) : csrf.group(2);
        HttpResponse<String> answer = client.send(withCookies(HttpRequest.newBuilder(base.resolve("/console/routes/" + route + "/" + action)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        keepCookies(answer);
        if (answer.statusCode() != 302) {
            throw new IllegalStateException(action + " " + route + ": HTTP " + answer.statusCode());
        }
    }

    /**
     * The statistics page's snapshot of the months and weeks over was first taken before the seed
     * went in: the route is stopped and started through the routes page (its timer then fires after
     * first-delay, 1 s here) and the benchmark waits for the service's log line of the new count.
     */
    private String countStatistics() throws Exception {
        Path serviceLog = work.resolve("service.log");
        long before = snapshotLines(serviceLog).size();
        route("console-statistics-snapshot", "stop");
        route("console-statistics-snapshot", "start");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        List<String> lines = snapshotLines(serviceLog);
        while (lines.size() <= before) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the statistics were not counted within 5 minutes (see " + serviceLog + ")");
            }
            TimeUnit.MILLISECONDS.sleep(250);
            lines = snapshotLines(serviceLog);
        }
        String line = lines.get(lines.size() - 1);
        log(line);
        return line.substring(line.indexOf("Statistics: "));
    }

    private static List<String> snapshotLines(Path serviceLog) throws IOException {
        try (var lines = Files.lines(serviceLog, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("Statistics: ") && l.contains(" counted from ")).toList();
        }
    }

    /**
     * Before a run: with the pipeline running, waits until its backlog is empty (or the timeout
     * has passed); paused, there is nothing to wait for. Returns what it waited, for the report.
     */
    private String drain(boolean paused, Duration timeout) throws Exception {
        if (paused) {
            return "-";
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Map<String, Long> left = backlog();
        while (left.values().stream().anyMatch(n -> n > 0)) {
            if (System.nanoTime() > deadline) {
                log("backlog not empty after " + timeout + ": " + left);
                return "timeout " + left;
            }
            TimeUnit.SECONDS.sleep(1);
            left = backlog();
        }
        return "%.0f s".formatted((System.nanoTime() - start) / 1e9);
    }

    /** What waits at each stage of the pipeline (the overview's backlog, and the messages not yet in a case). */
    private Map<String, Long> backlog() throws Exception {
        Map<String, Long> backlog = new LinkedHashMap<>();
        try (Connection db = connect(); Statement st = db.createStatement()) {
            for (Map.Entry<String, String> stage : Map.of(
                    "events", "SELECT COUNT(*) FROM webhook_event WHERE state = 'RECEIVED'",
                    "messages", "SELECT COUNT(*) FROM inbound_message WHERE accepted = TRUE AND case_id IS NULL",
                    "cases", "SELECT COUNT(*) FROM report_case WHERE state IN ('ASSEMBLED', 'FORWARDING')",
                    "deliveries", "SELECT COUNT(*) FROM delivery WHERE state IN ('PENDING', 'SENDING')",
                    "whatsapp", "SELECT COUNT(*) FROM outbound_message WHERE state IN ('PENDING', 'SENDING')").entrySet()) {
                try (ResultSet rs = st.executeQuery(stage.getValue())) {
                    rs.next();
                    backlog.put(stage.getKey(), rs.getLong(1));
                }
            }
        }
        return new TreeMap<>(backlog);
    }

    static double median(List<Double> values) {
        return quartile(values, 2);
    }

    /** The q-th quartile (1, 2, 3) with linear interpolation between the nearest values. */
    static double quartile(List<Double> values, int q) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double at = q / 4.0 * (sorted.length - 1);
        int low = (int) Math.floor(at);
        int high = (int) Math.ceil(at);
        return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
    }

    private final class Poller extends Thread {
        private final Duration every;
        private final List<Long> latencies;
        private final AtomicBoolean running = new AtomicBoolean(true);

        Poller(Duration every, List<Long> latencies) {
            super("console-poller");
            setDaemon(true);
            this.every = every;
            this.latencies = latencies;
        }

        @Override
        public void run() {
            while (running.get()) {
                long start = System.nanoTime();
                try {
                    HttpResponse<String> response = get("/console/overview/panel");
                    if (response.statusCode() == 200) {
                        latencies.add((System.nanoTime() - start) / 1000);
                    }
                    long rest = every.toNanos() - (System.nanoTime() - start);
                    if (rest > 0) {
                        TimeUnit.NANOSECONDS.sleep(rest);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    log("poll failed: " + e);
                }
            }
        }

        void finish() throws InterruptedException {
            running.set(false);
            interrupt();
            join();
        }
    }

    private final AtomicLong wamids = new AtomicLong();

    /** Closed loop: {@code connections} workers POST signed webhooks for {@code seconds}; returns 2xx answers per second. */
    private double ingest(int seconds, int connections, Poller poller) throws Exception {
        HttpClient ingestClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        if (poller != null) {
            poller.start();
        }
        List<Thread> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int w = 0; w < connections; w++) {
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long n = wamids.incrementAndGet();
                    String from = "49160" + (20_000_000 + n % 2000);
                    byte[] body = Payloads.messages(PHONE_NUMBER_ID, from, NAMES[(int) (n % NAMES.length)],
                            Payloads.text(from, "wamid.ingest." + n, SENTENCES[(int) (n % SENTENCES.length)])).getBytes(StandardCharsets.UTF_8);
                    try {
                        HttpResponse<Void> response = ingestClient.send(HttpRequest.newBuilder(base.resolve("/webhooks/whatsapp"))
                                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                                .header("X-Hub-Signature-256", sign(body)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        (response.statusCode() / 100 == 2 ? ok : failed).incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }, "ingest-" + w);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        if (poller != null) {
            poller.finish();
        }
        if (failed.get() > 0) {
            log("ingest: " + failed.get() + " requests failed");
        }
        return ok.get() / elapsed;
    }

    private static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private synchronized void close() throws Exception {
        if (service != null) {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
            service = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
        if (zammad != null) {
            zammad.stop();
            zammad = null;
        }
        if (smtp != null) {
            smtp.stop();
            smtp = null;
        }
    }
}
