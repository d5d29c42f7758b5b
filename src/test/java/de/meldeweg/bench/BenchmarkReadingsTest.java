package de.meldeweg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

import de.meldeweg.ops.WebhookMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** What the benchmark reads from the service: only what happened between its two readings. */
class BenchmarkReadingsTest {

    @Test
    void percentilesAreTakenOverTheRunAloneFromTheServiceHistograms() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Timer answer = WebhookMetrics.histogram("meldeweg.webhook.answer", "answer", registry);
        WebhookMetrics.histogram("meldeweg.webhook.store", "store", registry);
        // before the run: slow warm-up answers that must not count
        for (int i = 0; i < 50; i++) {
            answer.record(5, TimeUnit.SECONDS);
        }
        String before = registry.scrape();
        // the run: 98 answers of 10 ms and two of 200 ms
        for (int i = 0; i < 98; i++) {
            answer.record(10, TimeUnit.MILLISECONDS);
        }
        answer.record(200, TimeUnit.MILLISECONDS);
        answer.record(200, TimeUnit.MILLISECONDS);

        String phases = EndToEndBenchmark.answerPhases(before, registry.scrape());

        Matcher m = Pattern.compile("^answer ([0-9.]+) / ([0-9.]+) \\(100\\); store –;").matcher(phases);
        assertThat(m.find()).as(phases).isTrue();
        // interpolated inside the bucket each falls in (bounds a quarter or less apart)
        assertThat(Double.parseDouble(m.group(1))).isBetween(7.5, 12.5);
        assertThat(Double.parseDouble(m.group(2))).isBetween(150.0, 250.0);
        assertThat(phases).doesNotContain("5000");
    }

    @Test
    void theJitCompilersCpuIsTheirThreadsTicksBetweenTheTwoReadings() {
        Map<String, Long> before = Map.of("17 C1 CompilerThre", 500L, "18 C2 CompilerThre", 2_000L, "9 VM Thread", 300L,
                "40 Camel (meldeweg) thread #3 - timer://intake", 700L);
        // a second C2 thread started during the run; the pipeline's thread is not a compiler
        Map<String, Long> after = Map.of("17 C1 CompilerThre", 650L, "18 C2 CompilerThre", 2_900L, "44 C2 CompilerThre", 120L,
                "9 VM Thread", 420L, "40 Camel (meldeweg) thread #3 - timer://intake", 9_000L);

        assertThat(EndToEndBenchmark.ticksBetween(before, after, "C1 CompilerThre", "C2 CompilerThre")).isEqualTo(150 + 900 + 120);
        assertThat(EndToEndBenchmark.ticksBetween(before, after, "VM Thread")).isEqualTo(120);
    }

    @Test
    void theMailWatcherSeesEveryMailOnceWhicheverMailboxItWentTo() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            ServerSetup bound = new ServerSetup(smtp.getSmtp().getPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
            Map<MailFolder, Integer> seen = new HashMap<>();
            assertThat(EndToEndBenchmark.newMails(smtp, seen)).isEmpty();

            GreenMailUtil.sendTextEmail("tiefbau@calw.example", "meldeweg@calw.example", "first", "bm-abcdef-1", bound);
            GreenMailUtil.sendTextEmail("gruenflaechen@calw.example", "meldeweg@calw.example", "second", "bm-abcdef-2", bound);
            assertThat(subjects(EndToEndBenchmark.newMails(smtp, seen))).containsExactlyInAnyOrder("first", "second");

            GreenMailUtil.sendTextEmail("tiefbau@calw.example", "meldeweg@calw.example", "third", "bm-abcdef-3", bound);
            assertThat(subjects(EndToEndBenchmark.newMails(smtp, seen))).containsExactly("third");
            assertThat(EndToEndBenchmark.newMails(smtp, seen)).isEmpty();
            // a reader of its own starts from the first mail
            assertThat(EndToEndBenchmark.newMails(smtp, new HashMap<>())).hasSize(3);
        } finally {
            smtp.stop();
        }
    }

    private static List<String> subjects(List<MimeMessage> mails) throws MessagingException {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage mail : mails) {
            subjects.add(mail.getSubject());
        }
        return subjects;
    }

    /**
     * The benchmark runs H2 with the service's own settings unless told otherwise: its default is the part of
     * application.yaml's datasource URL after the file name, so a setting changed there is measured too; and the
     * start-up benchmark's URL has the same settings.
     */
    @Test
    void theBenchmarksDefaultH2SettingsAreTheServicesOwn() throws Exception {
        Map<String, Object> yaml;
        try (java.io.InputStream in = EndToEndBenchmark.class.getResourceAsStream("/application.yaml")) {
            yaml = new org.yaml.snakeyaml.Yaml().load(in);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> datasource = (Map<String, Object>) ((Map<String, Object>) yaml.get("spring")).get("datasource");
        String url = (String) datasource.get("url");
        assertThat(url).startsWith("jdbc:h2:file:");
        assertThat(EndToEndBenchmark.SERVICE_H2_OPTIONS).isEqualTo(url.substring(url.indexOf(';') + 1));
        // bench/startup.sh starts the jar itself, with the same settings in its own URL
        Matcher startup = Pattern.compile("jdbc:h2:file:[^;\"]*;([^\"]*)\"")
                .matcher(Files.readString(Path.of("bench/startup.sh")));
        assertThat(startup.find()).as("bench/startup.sh names its H2 URL").isTrue();
        assertThat(startup.group(1)).as("bench/startup.sh's H2 settings").isEqualTo(EndToEndBenchmark.SERVICE_H2_OPTIONS);
    }
}
