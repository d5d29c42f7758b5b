package de.meldeweg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** {@code {{millis:...}}} turns a setting with its unit into the milliseconds an endpoint takes. */
class DurationPlaceholdersTest {

    private final MockEnvironment environment = new MockEnvironment()
            .withProperty("a.simple", "10s")
            .withProperty("a.iso", "PT0.5S")
            .withProperty("a.bare", "100")
            .withProperty("a.wrong", "ten seconds");
    private final DurationPlaceholders millis = new DurationPlaceholders(environment);

    @Test
    void durationsWithUnitsBecomeMilliseconds() {
        assertThat(millis.apply("a.simple")).isEqualTo("10000");
        assertThat(millis.apply("a.iso")).isEqualTo("500");
        assertThat(millis.apply("a.bare")).as("a bare number counts as milliseconds").isEqualTo("100");
    }

    @Test
    void aWrongOrMissingSettingNamesTheProperty() {
        assertThatThrownBy(() -> millis.apply("a.wrong")).hasMessageContaining("a.wrong").hasMessageContaining("ten seconds");
        assertThatThrownBy(() -> millis.apply("a.missing")).hasMessageContaining("a.missing");
    }
}
