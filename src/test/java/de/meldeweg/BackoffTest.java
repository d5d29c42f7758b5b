package de.meldeweg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromTheFirstPauseAndStopsAtTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofHours(1));
        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.after(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.after(10)).isEqualTo(Duration.ofSeconds(5 * 512));
        assertThat(backoff.after(11)).isEqualTo(Duration.ofHours(1));
        assertThat(backoff.after(1000)).as("no overflow after many attempts").isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aMaximumBelowTheFirstPauseIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofMinutes(5), Duration.ofSeconds(1))).hasMessageContaining("first <= max");
    }
}
