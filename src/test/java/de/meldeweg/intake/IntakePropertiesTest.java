package de.meldeweg.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.context.annotation.Configuration;

/** meldeweg.intake.* binds with units, and a wrong value stops the start naming the setting. */
class IntakePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(IntakeProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class)
            .withPropertyValues("meldeweg.intake.accepted-types=text,image", "meldeweg.intake.poll-interval=100ms",
                    "meldeweg.intake.batch-size=100", "meldeweg.intake.max-attempts=5", "meldeweg.intake.retry-initial=PT5S",
                    "meldeweg.intake.burst-rate=500", "meldeweg.intake.burst-every=10", "meldeweg.intake.idle-poll-interval=1s");

    @Test
    void durationsCarryTheirUnit() {
        context.run(c -> assertThat(c.getBean(IntakeProperties.class).pollInterval()).isEqualTo(Duration.ofMillis(100)));
        context.withPropertyValues("meldeweg.intake.poll-interval=PT0.5S")
                .run(c -> assertThat(c.getBean(IntakeProperties.class).pollInterval()).isEqualTo(Duration.ofMillis(500)));
        context.run(c -> assertThat(c.getBean(IntakeProperties.class).idlePollInterval()).isEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void aWrongSettingStopsTheStartAndIsNamed() {
        context.withPropertyValues("meldeweg.intake.batch-size=0").run(c -> assertThat(c).hasFailed()
                .getFailure().rootCause().hasMessageContaining("meldeweg.intake").hasMessageContaining("batchSize"));
        context.withPropertyValues("meldeweg.intake.poll-interval=sometimes").run(c -> assertThat(c).hasFailed()
                .getFailure().hasStackTraceContaining("meldeweg.intake.poll-interval"));
    }
}
