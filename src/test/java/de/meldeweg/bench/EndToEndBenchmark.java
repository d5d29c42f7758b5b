package de.meldeweg.bench;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import de.meldeweg.support.MailText;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.internet.MimeMessage;

/**
 * End-to-end benchmark: how long a report takes from the webhook to the department's mail
 * accepted by SMTP and to the ticket created, at fixed arrival rates, with the webhook's ack
 * latency at the same time and the same rate against the no-op endpoint as the baseline; plus
 * start-up time and resident memory. Runs the packaged jar as its own process, with GreenMail as
 * the SMTP server and WireMock as Zammad in this JVM, on H2 or on an embedded PostgreSQL.
 * Started by {@code bench/e2e.sh}; see docs/testing-and-benchmarks.md.
 */
public final class EndToEndBenchmark {

    private static final String SECRET = "meldeweg-bench-app-secret";
    private static final String PHONE_NUMBER_ID = "106655443322110";
    private static final Pattern TOKEN = Pattern.compile("bm-[a-z]{6}-\\d+");
    /** USER_HZ of /proc/<pid>/stat; 100 on Linux (getconf CLK_TCK). */
    private static final int CLOCK_TICKS = Integer.getInteger("bench.clock-ticks", 100);

    private final String db;
    private final List<Integer> rates;
    private final int seconds;
    private final boolean watch;
    private final String adminToken = "bench-admin-" + java.util.UUID.randomUUID();
    private final Path jar;
    private final Path work;
    private final String nonce;
    private final AtomicInteger sequence = new AtomicInteger();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Long> mailAt = new ConcurrentHashMap<>();
    private final Map<String, Long> ticketAt = new ConcurrentHashMap<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(8)).build();
    /** Reads the service's metrics (the answer's phases, --watch, H2's file), apart from the client that sends the load. */
    private final HttpClient metricsClient = HttpClient.newHttpClient();
    private GreenMail smtp;
    private WireMockServer zammad;
    private EmbeddedPostgres postgres;
    private Process service;
    private List<String> javaOptions = List.of();
    private URI base;
    private String commit = "?";
    private boolean cds;
    /** The JDK the service runs on (its bin/java and bin/jcmd): --java=, default this JVM's. */
    private Path javaHome = Path.of(System.getProperty("java.home"));
    /** --idle-seconds=: resident memory (and native memory) read again after this long idle after the run. */
    private int idleSeconds;
    private String h2Options;

    /** The settings of the service's default H2 URL in application.yaml (checked by BenchmarkReadingsTest). */
    static final String SERVICE_H2_OPTIONS = "WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64;CACHE_SIZE=1024";
    /** Reports per rate instead of rate × seconds (0: rate × seconds). */
    private int reports;
    /** Whether each rate first runs the warm-up and the no-op baseline. */
    private boolean baseline = true;
    /**
     * --warm-up-seconds=: how long each rate's warm-up sends reports (at the same rate, not measured) before the
     * no-op baseline; 0 for the default, 5 s or the run's length if shorter. A longer one measures the service
     * once its JIT compilers have done most of their work (docs/testing-and-benchmarks.md).
     */
    private int warmUpSeconds;
    /** PostgreSQL only: load pg_stat_statements and report the statements of the webhook run. */
    private boolean pgStatements;
    /**
     * PostgreSQL's synchronous_commit: "off" is the embedded server's default (and what every figure
     * so far was measured with): a commit does not wait for fsync; "on" as on a production server.
     */
    private String pgSynchronousCommit = "off";

    private EndToEndBenchmark(String db, List<Integer> rates, int seconds, Path jar, Path work, boolean watch) {
        this.db = db;
        this.watch = watch;
        this.rates = rates;
        this.seconds = seconds;
        this.jar = jar;
        this.work = work;
        Random random = new Random();
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        this.nonce = letters.toString();
    }

    public static void main(String[] args) throws Exception {
        // Jakarta Mail looks its stream provider up with a ServiceLoader for every message and body part it
        // makes, through every jar of this class path: named here, the benchmark's SMTP server and its reading
        // of each mail no longer spend a quarter of this process's CPU on it.
        System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        Map<String, String> options = new LinkedHashMap<>(Map.of("db", "h2", "rates", "10,50,200", "seconds", "20",
                "jar", "target/meldeweg.jar", "out", "bench/out",
                "watch", "false", "java-opts", "", "commit", "", "cds", "false",
                "h2-options", SERVICE_H2_OPTIONS));
        options.put("reports", "0");
        options.put("baseline", "true");
        options.put("java", "");
        options.put("idle-seconds", "0");
        options.put("pg-statements", "false");
        options.put("pg-synchronous-commit", "off");
        options.put("warm-up-seconds", "0");
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            if (kv[0].equals("footprint") && (kv.length == 1 || Boolean.parseBoolean(kv[1]))) {
                // The memory target of issue 16: 10,000 reports at 50/s, resident memory after them.
                options.put("rates", "50");
                options.put("reports", "10000");
                options.put("baseline", "false");
                // long enough for the WhatsApp outbox's tail (20,000 messages at 80/s) and the idle collection after it
                if (Arrays.stream(args).noneMatch(a -> a.startsWith("--idle-seconds="))) {
                    options.put("idle-seconds", "240");
                }
                continue;
            }
            options.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        Path work = Files.createTempDirectory("meldeweg-e2e");
        EndToEndBenchmark bench = new EndToEndBenchmark(options.get("db"),
                Arrays.stream(options.get("rates").split(",")).map(String::trim).map(Integer::parseInt).toList(),
                Integer.parseInt(options.get("seconds")), Path.of(options.get("jar")), work,
                Boolean.parseBoolean(options.get("watch")));
        bench.javaOptions = options.get("java-opts").isBlank() ? List.of() : List.of(options.get("java-opts").trim().split("\\s+"));
        bench.commit = options.get("commit").isBlank() ? "?" : options.get("commit");
        bench.cds = Boolean.parseBoolean(options.get("cds"));
        if (!options.get("java").isBlank()) {
            // --java=/usr/lib/jvm/x/bin/java or the JDK's directory itself
            Path java = Path.of(options.get("java"));
            bench.javaHome = java.endsWith(Path.of("bin", "java")) ? java.getParent().getParent() : java;
        }
        bench.idleSeconds = Integer.parseInt(options.get("idle-seconds"));
        bench.h2Options = options.get("h2-options");
        bench.reports = Integer.parseInt(options.get("reports"));
        bench.baseline = Boolean.parseBoolean(options.get("baseline"));
        bench.warmUpSeconds = Integer.parseInt(options.get("warm-up-seconds"));
        bench.pgStatements = Boolean.parseBoolean(options.get("pg-statements"));
        bench.pgSynchronousCommit = options.get("pg-synchronous-commit");
        String report;
        try {
            report = bench.run();
        } finally {
            bench.close();
        }
        System.out.println(report);
        Path out = Files.createDirectories(Path.of(options.get("out")));
        Path file = out.resolve("e2e-" + options.get("db") + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        Files.writeString(file, report, StandardCharsets.UTF_8);
        System.out.println("written to " + file);
        System.exit(0);
    }

    private String run() throws Exception {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        // no request journal: the listener below records what the benchmark needs, and a journal of every
        // ticket request would only grow in this process for the whole run
        zammad = new WireMockServer(options().dynamicPort().containerThreads(32).disableRequestJournal());
        zammad.start();
        zammad.stubFor(WireMock.post("/api/v1/tickets").willReturn(WireMock.aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": 4711, \"number\": \"31004711\"}")));
        zammad.addMockServiceRequestListener((request, response) -> record(request.getBodyAsString(), ticketAt));
        Thread mailWatcher = new Thread(this::watchMail, "mail-watcher");
        mailWatcher.setDaemon(true);
        mailWatcher.start();

        // the settings of the service's default URL (application.yaml); --h2-options= to compare others
        String url = "jdbc:h2:file:" + work.resolve("db/meldeweg") + ";" + h2Options;
        if (db.equals("postgres")) {
            EmbeddedPostgres.Builder pg = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).setCleanDataDirectory(true);
            pg.setServerConfig("synchronous_commit", pgSynchronousCommit);
            if (pgStatements) {
                pg.setServerConfig("shared_preload_libraries", "pg_stat_statements");
                pg.setServerConfig("pg_stat_statements.track", "all");
            }
            postgres = pg.start();
            if (pgStatements) {
                sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            }
            url = postgres.getJdbcUrl("postgres", "postgres");
        }
        String cdsNote = "";
        if (cds) {
            // Class data sharing: a training start writes the archive of the classes it loaded when
            // it exits; the measured start below maps it (docs/operations.md, "Start-up").
            Path archive = work.resolve("meldeweg.jsa");
            List<String> plain = javaOptions;
            javaOptions = new ArrayList<>(plain);
            javaOptions.add("-XX:ArchiveClassesAtExit=" + archive);
            long trainStart = System.nanoTime();
            startService(url);
            fire("/webhooks/whatsapp", 10, 2, false);
            // the archive is written after the shutdown: about a minute under load, so wait longer than for a stop
            stopService(300);
            javaOptions = new ArrayList<>(plain);
            javaOptions.add("-XX:SharedArchiveFile=" + archive);
            cdsNote = " With class data sharing (`-XX:SharedArchiveFile`, archive of %d MB from a training start of %.0f s)."
                    .formatted(Files.size(archive) / (1024 * 1024), (System.nanoTime() - trainStart) / 1e9);
        }
        double loadAtStart = load();
        long startNanos = System.nanoTime();
        startService(url);
        double startUp = (System.nanoTime() - startNanos) / 1e9;
        double startCpu = cpuSeconds();
        Thread.sleep(5000);
        long idleRss = rssKb();
        if (watch) {
            Thread backlogWatcher = new Thread(this::watchBacklog, "backlog-watcher");
            backlogWatcher.setDaemon(true);
            backlogWatcher.start();
        }

        StringBuilder r = new StringBuilder();
        String perRate = reports > 0 ? "%,d reports per rate".formatted(reports) : "%d s per rate".formatted(seconds);
        r.append("## End-to-end on %s (%s, grouping window 0)%n%n".formatted(db.equals("h2") ? "H2" : "PostgreSQL", perRate));
        String date = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        String arenas = System.getenv().getOrDefault("MALLOC_ARENA_MAX", "unset");
        r.append("%s, commit `%s`, JVM options `%s`, MALLOC_ARENA_MAX %s, %d cores%s.%n%n".formatted(date, commit,
                String.join(" ", javaOptions), arenas, Runtime.getRuntime().availableProcessors(),
                postgres == null ? "" : ", PostgreSQL synchronous_commit " + pgSynchronousCommit));
        r.append("Start-up to health UP: %.1f s (load %.1f; %.1f s of CPU). Resident memory after start-up, idle: %d MB.%s%n%n"
                .formatted(startUp, loadAtStart, startCpu, idleRss / 1024, cdsNote));
        StringBuilder lines = new StringBuilder();
        r.append("| reports/s | sent | load | no-op ack p50 / p99 | webhook ack p50 / p99 | ack p99 vs no-op | to SMTP p50 / p99 | to ticket p50 / p99 | delivered | CPU per no-op request | CPU per report | RSS after | RSS peak |\n");
        r.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (int rate : rates) {
            int duration = reports > 0 ? Math.max(1, reports / rate) : seconds;
            long[] noop = new long[0];
            double noopCpu = 0;
            LoadWatch loadWatch;
            if (baseline) {
                // Warm-up at the same rate, not measured, then the no-op baseline, then the webhook.
                int warmUp = warmUpSeconds > 0 ? warmUpSeconds : Math.min(5, duration);
                fire("/webhooks/whatsapp", rate, warmUp, true);
                awaitDelivered(Duration.ofSeconds(Math.max(60, (long) rate * warmUp / 10)));
                // and its tail (the WhatsApp outbox's answers) worked off, so that it is not in the baseline's CPU
                awaitIdle(Duration.ofSeconds(Math.max(30, warmUp)));
                r.append("Warm-up at %d/s: %d s (%,d reports), delivered and worked off before the baseline.%n%n"
                        .formatted(rate, warmUp, sentAt.size()));
                sentAt.clear();
                mailAt.clear();
                ticketAt.clear();
                loadWatch = new LoadWatch();
                noopCpu = cpuSeconds();
                noop = fire("/bench/noop", rate, duration, false);
                noopCpu = cpuSeconds() - noopCpu;
                sentAt.clear();
            } else {
                loadWatch = new LoadWatch();
            }
            long[] transactions = transactions();
            long firstEvent = lastEventId();
            if (pgStatements) {
                sql("SELECT pg_stat_statements_reset()");
            }
            h2Watch = db.equals("h2") ? new H2Watch() : null;
            String histogramsBefore = prometheus();
            Map<String, Long> threadsBefore = threadTicks();
            double reportCpu = cpuSeconds();
            long benchTicks = ownTicks();
            long databaseTicks = postgresTicks();
            long[] ack = fire("/webhooks/whatsapp", rate, duration, true);
            String answerPhases = answerPhases(histogramsBefore, prometheus());
            // a long run may end with a backlog: a tenth of a second per report left, at least two minutes
            boolean all = awaitDelivered(Duration.ofSeconds(Math.max(120, (long) rate * duration / 10)));
            awaitIdle(Duration.ofSeconds(30));
            reportCpu = cpuSeconds() - reportCpu;
            benchTicks = ownTicks() - benchTicks;
            databaseTicks = postgresTicks() - databaseTicks;
            Map<String, Long> threadsAfter = threadTicks();
            transactionsPerReport(transactions, transactions(), sentAt.size());
            stageNotes.append(stages(rate, firstEvent));
            if (pgStatements) {
                stageNotes.append(statements(rate, sentAt.size()));
            }
            String loads = loadWatch.stop();
            long[] toMail = latencies(mailAt);
            long[] toTicket = latencies(ticketAt);
            String delivered = all ? "all" : "%d/%d mails, %d tickets".formatted(mailAt.size(), sentAt.size(), ticketAt.size());
            String cpuNoop = baseline ? perRequest(noopCpu, noop.length) : "–";
            // Reports not delivered in time are not in the CPU either: divided by the ones that were.
            int reportsCounted = all ? sentAt.size() : Math.min(mailAt.size(), ticketAt.size());
            String cpuReport = perRequest(reportCpu, reportsCounted) + (all ? "" : " (of the delivered)");
            long rss = rssKb() / 1024;
            long peak = status("VmHWM:") / 1024;
            memoryNotes.append(nativeMemory("right after the last delivery and %d/s idle (\"RSS after\", %d MB)".formatted(rate, rss)));
            if (db.equals("h2")) {
                r.append("%nH2's file at %d/s: during the run %s; right after it %s.%n".formatted(rate, h2Watch.stop(), h2File()));
            }
            r.append("%nThe webhook's answer at %d/s, by phase (the service's histograms over the run; p50 / p99 ms): %s.%n"
                    .formatted(rate, answerPhases));
            r.append("CPU per report at %d/s: %s, of which the JIT compilers %s and the VM thread (the serial collector, safepoints) %s.%n"
                    .formatted(rate, cpuReport, perRequest(ticksBetween(threadsBefore, threadsAfter, "C1 CompilerThre", "C2 CompilerThre")
                            / (double) CLOCK_TICKS, reportsCounted),
                            perRequest(ticksBetween(threadsBefore, threadsAfter, "VM Thread") / (double) CLOCK_TICKS, reportsCounted)));
            r.append("The benchmark's own process (its client, SMTP server and ticket system, on the same cores) at %d/s: %s of CPU per report.%n"
                    .formatted(rate, perRequest(benchTicks / (double) CLOCK_TICKS, reportsCounted)));
            if (postgres != null) {
                r.append("PostgreSQL's server processes at %d/s (not in the service's CPU per report): %s of CPU per report.%n"
                        .formatted(rate, perRequest(databaseTicks / (double) CLOCK_TICKS, reportsCounted)));
            }
            r.append("| %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d MB | %d MB |%n".formatted(rate, sentAt.size(), loads, pair(noop), pair(ack),
                    baseline ? "%.1f×".formatted(percentile(ack, 99) / Math.max(1.0, percentile(noop, 99))) : "–",
                    pair(toMail), pair(toTicket), delivered, cpuNoop, cpuReport, rss, peak));
            // One line per rate for the tables in docs/testing-and-benchmarks.md.
            lines.append("| %s | `%s` | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %d MB | %.1f s |%n".formatted(date, commit,
                    db.equals("h2") ? "H2" : "PostgreSQL", rate, loads, pair(noop), pair(ack), pair(toMail), pair(toTicket), delivered,
                    cpuNoop, cpuReport, rss, startUp));
        }
        mailWatcher.interrupt();
        if (idleSeconds > 0) {
            // Collectors that give memory back only when idle (G1's periodic collections): the same reading later.
            Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));
            long rss = rssKb() / 1024;
            r.append("%nResident memory after %d s more idle: **%d MB**.%n".formatted(idleSeconds, rss));
            if (db.equals("h2")) {
                r.append("H2's file after %d s more idle: %s.%n".formatted(idleSeconds, h2File()));
            }
            memoryNotes.append(nativeMemory("after %d s more idle (%d MB resident)".formatted(idleSeconds, rss)));
        }
        r.append(commitNotes);
        r.append(stageNotes);
        if (reports > 0) {
            // What stays on the heap after the reports (a full collection first): caches that grow with reports show here.
            r.append("\nHeap after the run, the largest classes (`jcmd <pid> GC.class_histogram`, after a full collection):\n\n```\n")
                    .append(histogram(15)).append("```\n");
            r.append(memoryNotes);
        }
        r.append("\nLatencies in ms. \"to SMTP\" = webhook sent until the mail was accepted by the SMTP server;"
                + " \"to ticket\" = until the ticket create request reached the ticket system. The baseline is the no-op"
                + " endpoint of the same server at the same rate in the same run. Load: the machine's 1-minute load average,"
                + " lowest and highest while the rate ran. CPU per report: the service's CPU time (user + system, /proc/<pid>/stat)"
                + " from the first webhook until every report was delivered and the service was idle again, divided by the reports;"
                + " CPU per no-op request likewise for the baseline.\n");
        r.append("\nTable lines (date | commit | database | reports/s | load | no-op ack | webhook ack | to SMTP | to ticket | delivered"
                + " | CPU per no-op request | CPU per report | RSS after | start-up):\n\n").append(lines);
        return r.toString();
    }

    /** Open-loop load: one new report every 1/rate s for the given time; returns the ack latencies (µs) of 200s. */
    private long[] fire(String path, int rate, int duration, boolean track) throws InterruptedException {
        ConcurrentLinkedQueue<Long> acks = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger retried = new AtomicInteger();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long total = (long) rate * duration;
        AtomicInteger fired = new AtomicInteger();
        ticker.scheduleAtFixedRate(() -> {
            if (fired.incrementAndGet() > total) {
                return;
            }
            int n = sequence.incrementAndGet();
            String token = "bm-" + nonce + "-" + n;
            byte[] body = webhook(n, token);
            long start = System.nanoTime();
            if (track) {
                sentAt.put(token, start);
            }
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("X-Hub-Signature-256", sign(body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            send(request, acks, failed, retried, 0);
        }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
        Thread.sleep(duration * 1000L + 200);
        ticker.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30 + META_RETRIES * 30L);
        while (acks.size() + failed.get() < Math.min(total, fired.get()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (retried.get() > 0) {
            System.err.println(path + " at " + rate + "/s: " + retried.get() + " answers 429/5xx or none, each sent again after its Retry-After or a growing delay, as Meta does");
            memoryNotes.append("\n").append(path).append(" at ").append(rate).append("/s: ").append(retried.get())
                    .append(" answers 429/5xx or none, each sent again after its Retry-After or a growing delay (as Meta does)\n");
        }
        if (failed.get() > 0) {
            System.err.println(path + " at " + rate + "/s: " + failed.get() + " requests without 200");
        }
        return acks.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** How often a webhook answered 429 or 5xx is sent again, as Meta does (it retries for hours; here a bounded number). */
    private static final int META_RETRIES = 20;
    private final ScheduledExecutorService metaRetries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "meta-retries");
        t.setDaemon(true);
        return t;
    });

    /** Sends one webhook; an answer 429 or 5xx is sent again after its Retry-After or a growing delay; the ack counts the attempt answered 200. */
    private void send(HttpRequest request, ConcurrentLinkedQueue<Long> acks, AtomicInteger failed, AtomicInteger retried, int attempt) {
        long start = System.nanoTime();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() == 200) {
                acks.add((System.nanoTime() - start) / 1000);
            } else if ((error != null || response.statusCode() == 429 || response.statusCode() >= 500) && attempt < META_RETRIES) {
                // no answer (a timeout, a closed connection), 429 or 5xx: Meta sends the webhook again
                retried.incrementAndGet();
                // at least Retry-After, growing with each attempt (1, 2, 4, ... at most 30 s) so that refusals do not multiply the load
                long retryAfter = error == null ? response.headers().firstValueAsLong("Retry-After").orElse(1) : 1;
                long after = Math.max(retryAfter, Math.min(30, 1L << attempt));
                metaRetries.schedule(() -> send(request, acks, failed, retried, attempt + 1), after, TimeUnit.SECONDS);
            } else {
                failed.incrementAndGet();
            }
        });
    }

    private boolean awaitDelivered(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (mailAt.keySet().containsAll(sentAt.keySet()) && ticketAt.keySet().containsAll(sentAt.keySet())) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private long[] latencies(Map<String, Long> arrivals) {
        return sentAt.entrySet().stream().filter(e -> arrivals.containsKey(e.getKey()))
                .mapToLong(e -> (arrivals.get(e.getKey()) - e.getValue()) / 1000).sorted().toArray();
    }

    private static String pair(long[] micros) {
        return micros.length == 0 ? "–" : "%s / %s".formatted(ms(percentile(micros, 50)), ms(percentile(micros, 99)));
    }

    private static String ms(double micros) {
        double ms = micros / 1000.0;
        return ms < 10 ? "%.1f".formatted(ms) : "%.0f".formatted(ms);
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private void record(String text, Map<String, Long> arrivals) {
        long now = System.nanoTime();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            arrivals.putIfAbsent(m.group(), now);
        }
    }

    /**
     * Records each mail's arrival once, reading only the mails that came since the last look, mailbox by
     * mailbox (GreenMail's message lists only grow here). Not {@code GreenMail.getReceivedMessages()}: it
     * copies every mail received so far, and every 2 ms over 10,000 mails that was most of this process's
     * CPU, taken from the two cores the service runs on (docs/performance-rounds.md, "Twelfth round").
     */
    private void watchMail() {
        Map<MailFolder, Integer> seen = new HashMap<>();
        while (!Thread.currentThread().isInterrupted()) {
            for (MimeMessage mail : newMails(smtp, seen)) {
                try {
                    record(MailText.plain(mail), mailAt);
                } catch (Exception e) {
                    System.err.println("unreadable mail: " + e);
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The mails the SMTP server received since the last call with the same {@code seen} (mails per mailbox read so far). */
    static List<MimeMessage> newMails(GreenMail smtp, Map<MailFolder, Integer> seen) {
        List<MimeMessage> mails = new ArrayList<>();
        try {
            for (MailFolder folder : smtp.getManagers().getImapHostManager().getStore().listMailboxes("*")) {
                List<StoredMessage> messages = folder.getMessages();
                int to = messages.size();
                for (int i = seen.getOrDefault(folder, 0); i < to; i++) {
                    mails.add(messages.get(i).getMimeMessage());
                }
                seen.put(folder, to);
            }
        } catch (FolderException e) {
            throw new IllegalStateException(e);
        }
        return mails;
    }

    /**
     * With {@code --watch=true}: once a second, the rows per state of every stage (from the
     * service's own metrics), on stderr, to see which stage builds the backlog.
     */
    private void watchBacklog() {
        Pattern line = Pattern.compile("^meldeweg_(webhook_events|cases|deliveries|whatsapp_outbound)\\{([^}]*)\\} ([0-9.E]+)$",
                Pattern.MULTILINE);
        long start = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                String text = prometheus();
                Map<String, Double> counts = new TreeMap<>();
                Matcher m = line.matcher(text);
                while (m.find()) {
                    String labels = m.group(2);
                    String state = labels.replaceAll(".*\\bstate=\"([^\"]*)\".*", "$1");
                    String kind = switch (m.group(1)) {
                        case "webhook_events" -> "event";
                        case "cases" -> "case";
                        case "deliveries" -> labels.replaceAll(".*\\bchannel=\"([^\"]*)\".*", "$1").toLowerCase();
                        default -> "whatsapp";
                    };
                    if (!List.of("delivered", "processed", "sent", "outbox", "forwarded").contains(state.toLowerCase())) {
                        counts.merge(kind + ":" + state, Double.parseDouble(m.group(3)), Double::sum);
                    }
                }
                StringBuilder out = new StringBuilder("[backlog %4ds]".formatted((System.nanoTime() - start) / 1_000_000_000L));
                counts.forEach((k, v) -> out.append(' ').append(k).append('=').append(v.longValue()));
                System.err.println(out);
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                System.err.println("[backlog] " + e);
            }
        }
    }

    private byte[] webhook(int n, String token) {
        String phone = "49160" + String.format("%08d", 10_000_000 + n);
        long timestamp = System.currentTimeMillis() / 1000;
        String wamid = "wamid." + java.util.Base64.getEncoder().encodeToString(("HBgN" + phone + "FQIAEhgU" + token)
                .getBytes(StandardCharsets.US_ASCII));
        String json = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102233445566778\",\"changes\":[{\"value\":{"
                + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"4970511670000\",\"phone_number_id\":\""
                + PHONE_NUMBER_ID + "\"},\"contacts\":[{\"profile\":{\"name\":\"Testperson\"},\"wa_id\":\"" + phone + "\"}],"
                + "\"messages\":[{\"from\":\"" + phone + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"" + timestamp
                + "\",\"type\":\"text\",\"text\":{\"body\":\"Meldung " + token
                + ": Die Stra\\u00dfenlaterne vor Hausnummer 12 ist seit Tagen aus, bitte pr\\u00fcfen.\"}}]},"
                + "\"field\":\"messages\"}]}]}";
        return json.getBytes(StandardCharsets.UTF_8);
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

    private void startService(String url) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        base = URI.create("http://127.0.0.1:" + port);
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString()));
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--spring.datasource.url=" + url,
                "--meldeweg.whatsapp.app-secret=" + SECRET,
                "--meldeweg.whatsapp.phone-number-id=" + PHONE_NUMBER_ID,
                "--meldeweg.outbox-dir=" + work.resolve("outbox"),
                "--meldeweg.case.grouping-window=PT0S",
                "--meldeweg.case.assembly-interval=100",
                "--meldeweg.delivery.interval=100",
                "--meldeweg.delivery.batch=100",
                "--meldeweg.mail.smtp.host=127.0.0.1",
                "--meldeweg.mail.smtp.port=" + smtp.getSmtp().getPort(),
                "--meldeweg.mail.smtp.starttls=false",
                "--meldeweg.ticket.system=zammad",
                "--meldeweg.ticket.base-url=http://127.0.0.1:" + zammad.port(),
                "--meldeweg.ticket.token=bench-token",
                "--camel.main.routes-include-pattern=file:routes/*.yaml,file:bench/routes/*.yaml",
                // The no-op baseline is a path of its own, closed like every path but the webhook and health.
                "--meldeweg.security.open-paths=/webhooks/whatsapp,/actuator/health/**,/bench/**"));
        // the metrics: the webhook's answer by phase, the stages' rows (--watch), H2's file and chunks
        command.add("--meldeweg.admin.token=" + adminToken);
        if (watch) {
            command.add("--meldeweg.metrics.refresh-interval=1000");
        }
        if (postgres != null) {
            command.add("--spring.datasource.username=postgres");
            command.add("--spring.datasource.password=postgres");
        }
        // Outside the dev profile the service insists on real keys: throw-away ones for this run.
        java.security.SecureRandom random = new java.security.SecureRandom();
        for (String key : List.of("key", "hash-key")) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            command.add("--meldeweg.crypto." + key + "=" + java.util.Base64.getEncoder().encodeToString(bytes));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("service.log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("MELDEWEG_") || k.startsWith("SPRING_"));
        service = builder.start();
        ServiceStart.awaitHealthy(service, base, work.resolve("service.log"), java.time.Duration.ofSeconds(600), java.time.Duration.ofMillis(100));
    }

    private final StringBuilder commitNotes = new StringBuilder();
    private final StringBuilder stageNotes = new StringBuilder();
    private final StringBuilder memoryNotes = new StringBuilder();

    /**
     * With -XX:NativeMemoryTracking=summary: where the resident memory is (heap, metaspace, code cache,
     * threads, GC, malloc; committed), read at the same moment as the resident memory it explains,
     * before the histogram's full collection; and the resident memory by kind (anonymous, file, shared).
     */
    private String nativeMemory(String when) {
        if (javaOptions.stream().noneMatch(o -> o.startsWith("-XX:NativeMemoryTracking="))) {
            return "";
        }
        String kinds = "RssAnon: %d MB, RssFile: %d MB, RssShmem: %d MB".formatted(status("RssAnon:") / 1024,
                status("RssFile:") / 1024, status("RssShmem:") / 1024);
        int threads = (int) jcmd("Thread.print").stream().filter(l -> l.startsWith("\"")).count();
        return "\nNative memory " + when + " (`jcmd <pid> VM.native_memory summary`, committed; " + kinds + "; "
                + threads + " Java threads):\n\n```\n"
                + jcmd("VM.native_memory", "summary").stream()
                        .filter(l -> l.startsWith("Total") || l.startsWith("-") || l.contains("(classes #") || l.contains("(thread #"))
                        .map(l -> l + "\n").collect(java.util.stream.Collectors.joining())
                + "```\n";
    }

    private void sql(String statement) throws Exception {
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
             java.sql.Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** PostgreSQL only: the highest webhook_event id so far (0 on H2, whose file the service holds). */
    private long lastEventId() throws Exception {
        if (postgres == null) {
            return 0;
        }
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM webhook_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * PostgreSQL only: where a report waited, stage by stage, from the service's own rows of the
     * reports of this rate: stored -> processed by intake -> case formed -> deliveries queued
     * (classified, forwarded) -> the later of mail and ticket delivered. p50 / p99 in ms.
     */
    private String stages(int rate, long afterEvent) throws Exception {
        if (postgres == null) {
            return "";
        }
        String query = """
                SELECT extract(epoch FROM e.processed_at - e.received_at) * 1000,
                       extract(epoch FROM c.created_at - e.processed_at) * 1000,
                       extract(epoch FROM min(d.created_at) - c.created_at) * 1000,
                       extract(epoch FROM max(d.delivered_at) - min(d.created_at)) * 1000
                FROM webhook_event e
                JOIN inbound_message m ON m.event_id = e.id
                JOIN report_case c ON c.id = m.case_id
                JOIN delivery d ON d.case_id = c.id
                WHERE e.id > ?
                GROUP BY e.id, e.processed_at, e.received_at, c.created_at
                """;
        List<List<Long>> columns = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
             java.sql.PreparedStatement s = c.prepareStatement(query)) {
            s.setLong(1, afterEvent);
            try (java.sql.ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    for (int i = 0; i < 4; i++) {
                        columns.get(i).add((long) (rs.getDouble(i + 1) * 1000));
                    }
                }
            }
        }
        String[] names = {"intake (stored -> processed)", "assembly (processed -> case)", "enrichment (case -> deliveries queued)",
                "delivery (queued -> both delivered)"};
        StringBuilder out = new StringBuilder("%nWhere a report waited at %d/s (PostgreSQL rows of %d reports; p50 / p99 ms):".formatted(rate,
                columns.get(0).size()));
        for (int i = 0; i < 4; i++) {
            long[] sorted = columns.get(i).stream().mapToLong(Long::longValue).sorted().toArray();
            out.append(i == 0 ? " " : "; ").append(names[i]).append(' ').append(pair(sorted));
        }
        return out.append(".\n").toString();
    }

    /** PostgreSQL with --pg-statements=true: the statements of this rate run at least once per 20 reports, by total time, with calls per report. */
    private String statements(int rate, int reports) throws Exception {
        StringBuilder out = new StringBuilder();
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
             java.sql.Statement s = c.createStatement()) {
            try (java.sql.ResultSet rs = s.executeQuery("SELECT sum(calls), sum(calls) FILTER (WHERE query NOT ILIKE 'COMMIT%' "
                    + "AND query NOT ILIKE 'BEGIN%' AND query NOT ILIKE 'ROLLBACK%' AND query NOT ILIKE 'SET %' AND query NOT ILIKE 'SHOW %') "
                    + "FROM pg_stat_statements")) {
                rs.next();
                out.append("%nStatements per report at %d/s (pg_stat_statements): %.1f in all, %.1f without BEGIN/COMMIT/SET.%n"
                        .formatted(rate, rs.getLong(1) / (double) Math.max(1, reports), rs.getLong(2) / (double) Math.max(1, reports)));
            }
        }
        out.append("%nStatements at %d/s (pg_stat_statements, by total time; calls per report, ms per call, ms in all):%n%n```%n"
                .formatted(rate));
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT calls, mean_exec_time, total_exec_time, regexp_replace(query, '\\s+', ' ', 'g') "
                     + "FROM pg_stat_statements WHERE calls * 20 >= " + Math.max(1, reports) + " ORDER BY total_exec_time DESC LIMIT 100")) {
            while (rs.next()) {
                String q = rs.getString(4);
                out.append("%7.2f %8.3f %9.0f  %s%n".formatted(rs.getLong(1) / (double) Math.max(1, reports), rs.getDouble(2),
                        rs.getDouble(3), q.length() > 150 ? q.substring(0, 150) : q));
            }
        }
        return out.append("```\n").toString();
    }

    /**
     * PostgreSQL only: the write transactions so far (transaction ids handed out, exact) and all
     * commits including read-only ones (the statistics, flushed within a second), or null on H2.
     */
    private long[] transactions() throws Exception {
        if (postgres == null) {
            return null;
        }
        Thread.sleep(1500);
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT txid_current(), (SELECT xact_commit FROM pg_stat_database "
                     + "WHERE datname = 'postgres')")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private String transactionsPerReport(long[] before, long[] after, int reports) {
        if (before == null || reports == 0) {
            return "";
        }
        String line = "Commits per report (PostgreSQL, from the first webhook until idle): %.2f writing (transaction ids), %.2f in all (with read-only ones and autocommit reads).%n"
                .formatted((after[0] - before[0] - 1) / (double) reports, (after[1] - before[1]) / (double) reports);
        commitNotes.append('\n').append(line);
        return line;
    }

    /** The service's CPU time so far (user + system), in seconds. */
    private double cpuSeconds() {
        try {
            return cpuTicks(Files.readString(Path.of("/proc/" + service.pid() + "/stat"))) / (double) CLOCK_TICKS;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (at most so long) until the service uses less than a tenth of a core over a second: its backlog is worked off. */
    private void awaitIdle(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        double before = cpuSeconds();
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            double now = cpuSeconds();
            if (now - before < 0.1) {
                return;
            }
            before = now;
        }
    }

    private static String perRequest(double cpuSeconds, int requests) {
        if (requests == 0) {
            return "–";
        }
        double micros = cpuSeconds * 1e6 / requests;
        return micros >= 10_000 ? "%.1f ms".formatted(micros / 1000) : "%.0f µs".formatted(micros);
    }

    private static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException e) {
            return -1;
        }
    }

    private H2Watch h2Watch;

    /** The service's /actuator/prometheus (read with the admin token the benchmark gives the service). */
    private String prometheus() throws IOException, InterruptedException {
        return metricsClient.send(HttpRequest.newBuilder(base.resolve("/actuator/prometheus"))
                .header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * Where the webhooks of one run waited, from the service's timers (meldeweg.webhook.*) read before and after it:
     * the whole answer on the server, the store's part of it, the wait for a writer and the writer's insert and commit.
     */
    static String answerPhases(String before, String after) {
        StringBuilder phases = new StringBuilder();
        String[][] timers = {{"answer", "meldeweg_webhook_answer_seconds"}, {"store", "meldeweg_webhook_store_seconds"},
                {"writer's queue", "meldeweg_webhook_writer_wait_seconds"}, {"insert and commit, per batch", "meldeweg_webhook_writer_commit_seconds"}};
        for (String[] timer : timers) {
            TreeMap<Double, Double> buckets = buckets(after, timer[1]);
            buckets(before, timer[1]).forEach((le, count) -> buckets.merge(le, -count, Double::sum));
            double total = buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
            phases.append(phases.isEmpty() ? "" : "; ").append(timer[0]).append(' ')
                    .append(total == 0 ? "–" : "%s / %s (%.0f)".formatted(bucketPercentile(buckets, total, 0.50),
                            bucketPercentile(buckets, total, 0.99), total));
        }
        return phases.toString();
    }

    /** A histogram's cumulative counts by upper bound (s), +Inf as the largest double. */
    private static TreeMap<Double, Double> buckets(String prometheus, String name) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        Matcher m = Pattern.compile("^" + name + "_bucket\\{le=\"([^\"]+)\"\\} ([0-9.E+-]+)", Pattern.MULTILINE).matcher(prometheus);
        while (m.find()) {
            buckets.put(m.group(1).equals("+Inf") ? Double.MAX_VALUE : Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
        }
        return buckets;
    }

    /** The percentile in ms, interpolated inside the bucket it falls in (as Prometheus' histogram_quantile does). */
    private static String bucketPercentile(TreeMap<Double, Double> buckets, double total, double p) {
        double rank = p * total;
        double lower = 0;
        double below = 0;
        for (var bucket : buckets.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey() == Double.MAX_VALUE) {
                    return "> %.0f".formatted(lower * 1000);
                }
                double inside = bucket.getValue() - below;
                double at = inside == 0 ? bucket.getKey() : lower + (bucket.getKey() - lower) * (rank - below) / inside;
                return at < 0.01 ? "%.1f".formatted(at * 1000) : "%.0f".formatted(at * 1000);
            }
            lower = bucket.getKey();
            below = bucket.getValue();
        }
        return "–";
    }

    /** H2's file now: its size, and its chunks and their live share from the service's gauges. */
    private String h2File() {
        try {
            long size = Files.size(work.resolve("db/meldeweg.mv.db"));
            String text = prometheus();
            return "%d MB, %s chunks at %s %% live".formatted(size >> 20, gaugeValue(text, "meldeweg_h2_chunks"),
                    gaugeValue(text, "meldeweg_h2_chunks_live_percent"));
        } catch (IOException e) {
            return "unreadable (" + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unread";
        }
    }

    private static String gaugeValue(String prometheus, String name) {
        Matcher m = Pattern.compile("^" + name + "(?:\\{[^}]*\\})? ([0-9.E+-]+|NaN)$", Pattern.MULTILINE).matcher(prometheus);
        return m.find() ? String.valueOf(Math.round(Double.parseDouble(m.group(1)))) : "?";
    }

    /** H2's file every 30 s of a run: whether it keeps growing. */
    private final class H2Watch {
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        private final List<String> readings = java.util.Collections.synchronizedList(new ArrayList<>());
        private final long started = System.nanoTime();

        H2Watch() {
            sampler.scheduleAtFixedRate(() -> readings.add("%d s: %s".formatted(
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), h2File())), 30, 30, TimeUnit.SECONDS);
        }

        String stop() {
            sampler.shutdownNow();
            return readings.isEmpty() ? "–" : String.join("; ", readings);
        }
    }

    /** The machine's 1-minute load average, sampled once a second while a rate runs. */
    private static final class LoadWatch {
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        private volatile double min = Double.MAX_VALUE;
        private volatile double max;

        LoadWatch() {
            sampler.scheduleAtFixedRate(() -> {
                double load = load();
                min = Math.min(min, load);
                max = Math.max(max, load);
            }, 0, 1, TimeUnit.SECONDS);
        }

        String stop() {
            sampler.shutdownNow();
            return "%.1f–%.1f".formatted(min, max);
        }
    }

    private long rssKb() {
        return status("VmRSS:");
    }

    /** A kB figure of /proc/<pid>/status: VmRSS (resident now), VmHWM (resident at its highest). */
    private long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + service.pid() + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return -1;
    }

    /** Each of the service's threads' CPU ticks so far (user + system), by thread id and name (/proc/<pid>/task). */
    private Map<String, Long> threadTicks() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + service.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    ticks.put(task.getFileName() + " " + name, cpuTicks(stat));
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ticks;
    }

    /** This process's CPU ticks so far (user + system): the benchmark's client, SMTP server and ticket system. */
    private static long ownTicks() {
        try {
            return cpuTicks(Files.readString(Path.of("/proc/self/stat")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * PostgreSQL's CPU ticks so far: the postmaster's own and those of its children, the living ones read
     * directly, the ended ones from the postmaster's cutime and cstime; 0 on H2.
     */
    private long postgresTicks() {
        if (postgres == null) {
            return 0;
        }
        try (var processes = Files.list(Path.of("/proc"))) {
            long postmaster = Long.parseLong(Files.readAllLines(work.resolve("pg/postmaster.pid")).get(0).trim());
            long ticks = 0;
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    String[] fields = statFields(stat);
                    // ppid is field 4, cutime and cstime fields 16 and 17 (man 5 proc)
                    if (Long.parseLong(process.getFileName().toString()) == postmaster) {
                        ticks += cpuTicks(stat) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
                    } else if (Long.parseLong(fields[1]) == postmaster) {
                        ticks += cpuTicks(stat);
                    }
                } catch (IOException e) {
                    // the process ended meanwhile
                }
            }
            return ticks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** User + system CPU ticks of a process's or thread's stat line. */
    private static long cpuTicks(String stat) {
        String[] fields = statFields(stat);
        // utime is field 14, stime field 15 (man 5 proc)
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** A stat line's fields after the command (which may hold spaces): the first is field 3, the state. */
    private static String[] statFields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** CPU ticks between two readings of the threads whose names start with one of the prefixes (threads that ended are left out). */
    static long ticksBetween(Map<String, Long> before, Map<String, Long> after, String... prefixes) {
        long ticks = 0;
        for (var thread : after.entrySet()) {
            String name = thread.getKey().substring(thread.getKey().indexOf(' ') + 1);
            if (Arrays.stream(prefixes).anyMatch(name::startsWith)) {
                ticks += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
            }
        }
        return ticks;
    }

    /** The output of one jcmd command on the service. */
    private List<String> jcmd(String... command) {
        try {
            List<String> args = new ArrayList<>(List.of(javaHome.resolve("bin/jcmd").toString(),
                    String.valueOf(service.pid())));
            args.addAll(List.of(command));
            Process jcmd = new ProcessBuilder(args).redirectErrorStream(true).start();
            List<String> out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            jcmd.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            return List.of("(no answer: " + e + ")");
        }
    }

    /** The first lines of the service's heap histogram and its total line. */
    private String histogram(int classes) {
        try {
            Process jcmd = new ProcessBuilder(javaHome.resolve("bin/jcmd").toString(),
                    String.valueOf(service.pid()), "GC.class_histogram").redirectErrorStream(true).start();
            List<String> out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            jcmd.waitFor(60, TimeUnit.SECONDS);
            StringBuilder b = new StringBuilder();
            out.stream().skip(1).limit(classes + 2L).forEach(l -> b.append(l).append('\n'));
            out.stream().filter(l -> l.startsWith("Total")).forEach(l -> b.append(l).append('\n'));
            return b.toString();
        } catch (IOException | InterruptedException e) {
            return "(no histogram: " + e + ")\n";
        }
    }

    private void stopService() throws InterruptedException {
        stopService(60);
    }

    private void stopService(int seconds) throws InterruptedException {
        if (service != null) {
            service.destroy();
            if (!service.waitFor(seconds, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
            service = null;
        }
    }

    private void close() throws Exception {
        stopService();
        if (postgres != null) {
            postgres.close();
        }
        if (zammad != null) {
            zammad.stop();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }
}
