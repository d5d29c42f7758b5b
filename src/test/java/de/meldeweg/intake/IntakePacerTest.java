package de.meldeweg.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Intake polls every 100 ms; the pacer decides on each poll whether intake takes a batch (looks into the database). */
class IntakePacerTest {

    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();

    /** Simulates polls every 100 ms while webhooks arrive at the given rate; returns how many polls ran intake. */
    private int polls(IntakePacer pacer, int webhooksPerSecond, int count) {
        List<Boolean> decisions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nanos.addAndGet(100_000_000L);
            committed.addAndGet(webhooksPerSecond / 10);
            decisions.add(pacer.due());
        }
        return (int) decisions.stream().filter(d -> d).count();
    }

    @Test
    void aCitysNormalTrafficIsNeverPaced() {
        IntakePacer pacer = new IntakePacer(committed::get, nanos::get, 500, 10, 0);

        assertThat(polls(pacer, 50, 100)).isEqualTo(100);
    }

    @Test
    void duringABurstIntakeRunsOnEveryTenthPollAndAtFullSpeedOnceItIsOver() {
        IntakePacer pacer = new IntakePacer(committed::get, nanos::get, 500, 10, 0);
        polls(pacer, 3000, 10);

        assertThat(polls(pacer, 3000, 100)).isEqualTo(10);
        assertThat(pacer.rate()).isEqualTo(3000.0);

        polls(pacer, 0, 10);
        assertThat(polls(pacer, 0, 50)).isEqualTo(50);
    }

    @Test
    void zeroTurnsPacingOff() {
        IntakePacer pacer = new IntakePacer(committed::get, nanos::get, 0, 10, 0);

        assertThat(polls(pacer, 5000, 50)).isEqualTo(50);
    }

    /** Polls every 100 ms for the given time, each finding what {@code pending} says; returns how many looked into the database. */
    private int idlePolls(IntakePacer pacer, int count, List<Long> pending) {
        int looked = 0;
        for (int i = 0; i < count; i++) {
            nanos.addAndGet(100_000_000L);
            if (pacer.due()) {
                looked++;
                pacer.polled(pending);
            }
        }
        return looked;
    }

    @Test
    void anIdleServiceLooksOncePerIdleIntervalAndANewWebhookAtTheNextPoll() {
        IntakePacer pacer = new IntakePacer(committed::get, nanos::get, 500, 10, 1_000_000_000L);

        // 60 s without webhooks: once a second instead of ten times
        assertThat(idlePolls(pacer, 600, Collections.emptyList())).isEqualTo(60);

        committed.incrementAndGet();
        nanos.addAndGet(100_000_000L);
        assertThat(pacer.due()).as("the poll right after a webhook was stored").isTrue();
        pacer.polled(List.of(42L));
        // the event is taken: the polls go on every 100 ms until one finds nothing
        assertThat(idlePolls(pacer, 1, List.of(43L))).isEqualTo(1);
        assertThat(idlePolls(pacer, 1, Collections.emptyList())).isEqualTo(1);
        assertThat(idlePolls(pacer, 9, Collections.emptyList())).isZero();
    }

    @Test
    void aPollThatFoundEventsOrFailedIsFollowedByTheNextOne() {
        IntakePacer pacer = new IntakePacer(committed::get, nanos::get, 500, 10, 1_000_000_000L);

        // a full batch leaves more behind although no webhook came in meanwhile
        assertThat(idlePolls(pacer, 20, List.of(1L, 2L, 3L))).isEqualTo(20);
        // a poll that failed before it could say what it found (no polled call) does not make intake rest
        nanos.addAndGet(100_000_000L);
        assertThat(pacer.due()).isTrue();
        nanos.addAndGet(100_000_000L);
        assertThat(pacer.due()).isTrue();
    }

    @Test
    void aWebhookCommittedWhileIntakeLooksIsTakenAtTheNextPoll() {
        IntakePacer pacer = new IntakePacer(committed::get, nanos::get, 500, 10, 1_000_000_000L);
        nanos.addAndGet(100_000_000L);
        assertThat(pacer.due()).isTrue();
        committed.incrementAndGet(); // committed after intake read the count, not seen by its query
        pacer.polled(Collections.emptyList());

        nanos.addAndGet(100_000_000L);
        assertThat(pacer.due()).isTrue();
    }
}
