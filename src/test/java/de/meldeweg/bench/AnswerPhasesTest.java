package de.meldeweg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import de.meldeweg.ops.WebhookMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The benchmark's reading of the webhook's timers: only what happened between the two scrapes, in ms. */
class AnswerPhasesTest {

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
}
