package de.meldeweg.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import de.meldeweg.replies.MutableClock;

class FailedAttemptsTest {

    private final MutableClock clock = new MutableClock();
    private final FailedAttempts attempts = new FailedAttempts(new SecurityProperties(List.of(),
            new SecurityProperties.Oidc("groups", Map.of()), 3, Duration.ofMinutes(15)), clock);

    @Test
    void anAddressIsRefusedAfterItsFailedAttemptsUntilTheWindowHasPassed() {
        for (int i = 0; i < 2; i++) {
            attempts.failed("203.0.113.7");
        }
        assertThat(attempts.refused("203.0.113.7")).isFalse();
        attempts.failed("203.0.113.7");
        assertThat(attempts.refused("203.0.113.7")).isTrue();
        assertThat(attempts.refused("203.0.113.8")).as("another address").isFalse();
        attempts.succeeded("203.0.113.7");
        assertThat(attempts.refused("203.0.113.7")).as("the right secret does not lift the refusal").isTrue();
        clock.advance(Duration.ofMinutes(16));
        assertThat(attempts.refused("203.0.113.7")).isFalse();
    }
}
