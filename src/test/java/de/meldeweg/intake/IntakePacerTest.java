package de.meldeweg.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Intake polls every 100 ms; the pacer decides on each poll whether intake takes a batch. */
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
        IntakePacer pacer = new IntakePacer(committed::get, nanos::get, 500, 10);

        assertThat(polls(pacer, 50, 100)).isEqualTo(100);
    }

    @Test
    void duringABurstIntakeRunsOnEveryTenthPollAndAtFullSpeedOnceItIsOver() {
        IntakePacer pacer = new IntakePacer(committed::get, nanos::get, 500, 10);
        polls(pacer, 3000, 10);

        assertThat(polls(pacer, 3000, 100)).isEqualTo(10);
        assertThat(pacer.rate()).isEqualTo(3000.0);

        polls(pacer, 0, 10);
        assertThat(polls(pacer, 0, 50)).isEqualTo(50);
    }

    @Test
    void zeroTurnsPacingOff() {
        IntakePacer pacer = new IntakePacer(committed::get, nanos::get, 0, 10);

        assertThat(polls(pacer, 5000, 50)).isEqualTo(50);
    }
}
