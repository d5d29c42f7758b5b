package de.meldeweg.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * The idle collection is checked once a second; these tests drive the checks with a clock, the
 * webhook count, the process's CPU time and the old generation's size, and count the collections.
 */
class IdleCollectionTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MB = 1 << 20;

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong cpu = new AtomicLong();
    private final AtomicLong old = new AtomicLong(40 * MB);
    /** What a full collection leaves in the old generation: the live data. */
    private final AtomicLong live = new AtomicLong(30 * MB);
    private final AtomicLong collected = new AtomicLong();

    private IdleCollection idle(long afterSeconds) {
        // the committed heap stays as it is here: these cases turn on the old generation's growth
        return new IdleCollection(committed::get, cpu::get, nanos::get, old::get, () -> 0,
                () -> { collected.incrementAndGet(); old.set(live.get()); }, afterSeconds * SECOND, 16 * MB);
    }

    /** One second of the service's life: webhooks stored, CPU used (in tenths of a core), bytes promoted; then the check. */
    private void second(IdleCollection idle, int webhooks, int cpuTenths, long promoted) {
        nanos.addAndGet(SECOND);
        committed.addAndGet(webhooks);
        cpu.addAndGet(cpuTenths * SECOND / 10);
        old.addAndGet(promoted);
        idle.check();
    }

    @Test
    void afterABurstAndItsBacklogOneCollectionOnceTheServiceHasBeenIdleLongEnough() {
        IdleCollection idle = idle(10);
        for (int i = 0; i < 200; i++) {
            second(idle, 50, 16, MB / 2);            // 50 webhooks a second, 1.6 cores
        }
        for (int i = 0; i < 60; i++) {
            second(idle, 0, 14, MB / 4);             // the backlog: no webhooks, but the pipeline works
        }
        assertThat(collected).as("no collection while the backlog is worked off").hasValue(0);

        for (int i = 0; i < 9; i++) {
            second(idle, 0, 0, 0);
        }
        assertThat(collected).as("not before 10 s of quiet").hasValue(0);
        second(idle, 0, 0, 0);
        assertThat(collected).hasValue(1);
        assertThat(old).hasValue(30 * MB);

        for (int i = 0; i < 600; i++) {
            second(idle, 0, 0, 0);                   // ten idle minutes: nothing new to give back
        }
        assertThat(collected).as("once per quiet spell").hasValue(1);
    }

    @Test
    void aWebhookOrBusyCpuDuringTheQuietWaitStartsTheWaitAgain() {
        IdleCollection idle = idle(10);
        for (int i = 0; i < 8; i++) {
            second(idle, 0, 0, 4 * MB);
        }
        second(idle, 1, 0, 0);                       // a webhook: the 10 s start again
        for (int i = 0; i < 8; i++) {
            second(idle, 0, 0, 0);
        }
        second(idle, 0, 3, 0);                       // a third of a core: still working
        for (int i = 0; i < 9; i++) {
            second(idle, 0, 0, 0);
        }
        assertThat(collected).hasValue(0);
        second(idle, 0, 0, 0);
        assertThat(collected).hasValue(1);
    }

    @Test
    void aFewReportsOfAQuietDayAreNotWorthACollection() {
        IdleCollection idle = idle(10);
        for (int i = 0; i < 10; i++) {
            second(idle, 0, 0, 0);
        }
        assertThat(collected).as("the start-up's garbage, once the service is idle after its start").hasValue(1);
        for (int report = 0; report < 20; report++) {
            second(idle, 1, 2, MB / 2);              // one report, then a quiet minute
            for (int i = 0; i < 60; i++) {
                second(idle, 0, 0, 0);
            }
        }
        assertThat(collected).as("10 MB promoted by 20 reports: below the 16 MB").hasValue(1);

        for (int report = 0; report < 20; report++) {
            second(idle, 1, 2, MB / 2);
            for (int i = 0; i < 60; i++) {
                second(idle, 0, 0, 0);
            }
        }
        assertThat(collected).as("20 MB promoted since the last collection: one, in the quiet after the 32nd report")
                .hasValue(2);
    }

    @Test
    void aHeapThatKeptItsSizeAfterAFullCollectionDuringTheWorkIsGivenBackToo() {
        AtomicLong heap = new AtomicLong(64 * MB);
        IdleCollection idle = new IdleCollection(committed::get, cpu::get, nanos::get, old::get, heap::get,
                () -> { collected.incrementAndGet(); old.set(live.get()); heap.set(live.get() + live.get() / 10); },
                10 * SECOND, 16 * MB);
        for (int i = 0; i < 10; i++) {
            second(idle, 0, 0, 0);
        }
        assertThat(collected).as("after the start").hasValue(1);
        for (int i = 0; i < 200; i++) {
            second(idle, 50, 16, MB / 2);            // a burst: the heap grows to its maximum
            heap.set(Math.min(heap.get() + MB, 185 * MB));
        }
        old.set(live.get() + 8 * MB);                // a full collection of its own at the end took the garbage,
        for (int i = 0; i < 10; i++) {               // the heap kept its 185 MB
            second(idle, 0, 0, 0);
        }
        assertThat(collected).as("the old generation grew by less than 16 MB, the heap by 152 MB").hasValue(2);
        assertThat(heap.get()).isLessThan(40 * MB);
        for (int i = 0; i < 600; i++) {
            second(idle, 0, 0, 0);
        }
        assertThat(collected).as("once per quiet spell").hasValue(2);
    }

    @Test
    void offWithZero() {
        IdleCollection idle = idle(0);
        idle.start();
        assertThat(idle.isRunning()).isFalse();
        IdleCollection on = idle(10);
        on.start();
        try {
            assertThat(on.isRunning()).isTrue();
        } finally {
            on.stop();
        }
    }
}
