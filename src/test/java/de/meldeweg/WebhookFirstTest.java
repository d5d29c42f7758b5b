package de.meldeweg;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class WebhookFirstTest {

    /** Runs beforeCommit on a thread of the given priority; completes with the milliseconds it waited. */
    private static CompletableFuture<Long> commitOn(WebhookFirst gate, int priority) {
        CompletableFuture<Long> waited = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            long start = System.nanoTime();
            gate.beforeCommit();
            waited.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        });
        t.setPriority(priority);
        t.start();
        return waited;
    }

    @Test
    void aPipelineCommitWaitsUntilTheWebhooksQueuedBeforeItAreCommitted() throws Exception {
        WebhookFirst gate = new WebhookFirst(Duration.ofSeconds(10));
        gate.queued(2);
        CompletableFuture<Long> pipeline = commitOn(gate, Thread.MIN_PRIORITY);
        Thread.sleep(200);
        assertThat(pipeline).as("still waiting while both webhooks wait for their commit").isNotDone();
        gate.settled(1);
        Thread.sleep(100);
        assertThat(pipeline).as("one of the two is not committed yet").isNotDone();
        gate.queued(1); // a webhook that came after the pipeline began to wait does not hold it up
        gate.settled(1);
        assertThat(pipeline.get(5, TimeUnit.SECONDS)).isBetween(250L, 5_000L);
        assertThat(gate.pending()).isEqualTo(1);
    }

    @Test
    void theWebServersThreadsAndAnIdleWebhookNeverWait() throws Exception {
        WebhookFirst gate = new WebhookFirst(Duration.ofSeconds(10));
        gate.queued(1);
        assertThat(commitOn(gate, Thread.NORM_PRIORITY).get(2, TimeUnit.SECONDS)).isLessThan(1_000L);
        gate.settled(1);
        assertThat(commitOn(gate, Thread.MIN_PRIORITY).get(2, TimeUnit.SECONDS)).isLessThan(1_000L);
    }

    @Test
    void aPipelineCommitWaitsNoLongerThanTheSetting() throws Exception {
        WebhookFirst gate = new WebhookFirst(Duration.ofMillis(300));
        gate.queued(1); // never settled: the writer hangs
        assertThat(commitOn(gate, Thread.MIN_PRIORITY).get(5, TimeUnit.SECONDS)).isBetween(290L, 4_000L);
        WebhookFirst off = new WebhookFirst(Duration.ZERO);
        off.queued(1);
        assertThat(commitOn(off, Thread.MIN_PRIORITY).get(2, TimeUnit.SECONDS)).isLessThan(1_000L);
    }
}
