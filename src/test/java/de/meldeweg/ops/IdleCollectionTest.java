package de.meldeweg.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * The idle collection is checked once a second; these tests drive the checks with a clock, the
 * webhook count, whether the pipeline's tables hold work that is due, and the old generation's size,
 * and count the collections and the looks into the tables. The process's CPU time is no longer read:
 * a benchmark's idle service (polls ten times a second, the JIT still compiling after a run) uses
 * more than the tenth of a core the first version waited for, and a stage waiting on a slow ticket
 * system uses less.
 */
class IdleCollectionTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MB = 1 << 20;

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong committed = new AtomicLong();
    private final AtomicBoolean work = new AtomicBoolean();
    private final AtomicLong looks = new AtomicLong();
    private final AtomicLong old = new AtomicLong(40 * MB);
    /** What a full collection leaves in the old generation: the live data. */
    private final AtomicLong live = new AtomicLong(30 * MB);
    private final AtomicLong collected = new AtomicLong();

    private IdleCollection idle(long afterSeconds) {
        // the committed heap stays as it is here: these cases turn on the old generation's growth
        return new IdleCollection(committed::get, this::look, nanos::get, old::get, () -> 0,
                () -> { collected.incrementAndGet(); old.set(live.get()); }, afterSeconds * SECOND, 16 * MB);
    }

    private boolean look() {
        looks.incrementAndGet();
        return work.get();
    }

    /** One second of the service's life: webhooks stored, whether work is due in the tables, bytes promoted; then the check. */
    private void second(IdleCollection idle, int webhooks, boolean due, long promoted) {
        nanos.addAndGet(SECOND);
        committed.addAndGet(webhooks);
        work.set(due);
        old.addAndGet(promoted);
        idle.check();
    }

    @Test
    void afterABurstAndItsBacklogOneCollectionOnceThePipelineHasHadNothingToDoLongEnough() {
        IdleCollection idle = idle(10);
        for (int i = 0; i < 200; i++) {
            second(idle, 50, true, MB / 2);          // 50 webhooks a second
        }
        assertThat(looks).as("no look into the tables while webhooks come").hasValue(0);
        for (int i = 0; i < 60; i++) {
            second(idle, 0, true, MB / 4);           // the backlog: no webhooks, but deliveries are due
        }
        assertThat(collected).as("no collection while the backlog is worked off").hasValue(0);

        for (int i = 0; i < 10; i++) {
            second(idle, 0, false, 0);               // the service's own polls and the JIT use the CPU as they like
        }
        assertThat(collected).as("not before 10 s with nothing to do").hasValue(0);
        second(idle, 0, false, 0);
        assertThat(collected).hasValue(1);
        assertThat(old).hasValue(30 * MB);

        long looked = looks.get();
        for (int i = 0; i < 600; i++) {
            second(idle, 0, false, 0);               // ten idle minutes: nothing new to give back
        }
        assertThat(collected).as("once per quiet spell").hasValue(1);
        assertThat(looks).as("nothing to give back: no look into the tables").hasValue(looked);
    }

    @Test
    void aBacklogThatWaitsOnASlowSystemIsNotIdleThoughItUsesNoCpu() {
        IdleCollection idle = idle(10);
        for (int i = 0; i < 100; i++) {
            second(idle, 50, true, MB / 2);
        }
        for (int i = 0; i < 300; i++) {
            second(idle, 0, true, 0);                // five minutes of deliveries waiting on the ticket system's answers
        }
        assertThat(collected).as("work is due all the time").hasValue(0);
        for (int i = 0; i < 11; i++) {
            second(idle, 0, false, 0);
        }
        assertThat(collected).hasValue(1);
    }

    @Test
    void aWebhookOrDueWorkDuringTheWaitStartsTheWaitAgain() {
        IdleCollection idle = idle(10);
        for (int i = 0; i < 8; i++) {
            second(idle, 0, false, 4 * MB);
        }
        second(idle, 1, false, 0);                   // a webhook: the 10 s start again
        for (int i = 0; i < 8; i++) {
            second(idle, 0, false, 0);
        }
        second(idle, 0, true, 0);                    // its message became a case to forward
        for (int i = 0; i < 10; i++) {
            second(idle, 0, false, 0);
        }
        assertThat(collected).hasValue(0);
        second(idle, 0, false, 0);
        assertThat(collected).hasValue(1);
    }

    @Test
    void aFewReportsOfAQuietDayAreNotWorthACollection() {
        IdleCollection idle = idle(10);
        for (int i = 0; i < 11; i++) {
            second(idle, 0, false, 0);
        }
        assertThat(collected).as("the start-up's garbage, once the service is idle after its start").hasValue(1);
        for (int report = 0; report < 20; report++) {
            second(idle, 1, true, MB / 2);           // one report, then a quiet minute
            for (int i = 0; i < 60; i++) {
                second(idle, 0, false, 0);
            }
        }
        assertThat(collected).as("10 MB promoted by 20 reports: below the 16 MB").hasValue(1);

        for (int report = 0; report < 20; report++) {
            second(idle, 1, true, MB / 2);
            for (int i = 0; i < 60; i++) {
                second(idle, 0, false, 0);
            }
        }
        assertThat(collected).as("20 MB promoted since the last collection: one, in the quiet after the 32nd report")
                .hasValue(2);
    }

    @Test
    void aHeapThatKeptItsSizeAfterAFullCollectionDuringTheWorkIsGivenBackToo() {
        AtomicLong heap = new AtomicLong(64 * MB);
        IdleCollection idle = new IdleCollection(committed::get, this::look, nanos::get, old::get, heap::get,
                () -> { collected.incrementAndGet(); old.set(live.get()); heap.set(live.get() + live.get() / 10); },
                10 * SECOND, 16 * MB);
        for (int i = 0; i < 11; i++) {
            second(idle, 0, false, 0);
        }
        assertThat(collected).as("after the start").hasValue(1);
        for (int i = 0; i < 200; i++) {
            second(idle, 50, true, MB / 2);          // a burst: the heap grows to its maximum
            heap.set(Math.min(heap.get() + MB, 185 * MB));
        }
        old.set(live.get() + 8 * MB);                // a full collection of its own at the end took the garbage,
        for (int i = 0; i < 11; i++) {               // the heap kept its 185 MB
            second(idle, 0, false, 0);
        }
        assertThat(collected).as("the old generation grew by less than 16 MB, the heap by 152 MB").hasValue(2);
        assertThat(heap.get()).isLessThan(40 * MB);
        for (int i = 0; i < 600; i++) {
            second(idle, 0, false, 0);
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
