package de.meldeweg.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import de.meldeweg.cases.CaseProperties;
import de.meldeweg.delivery.DeliveryProperties;
import de.meldeweg.ops.HealthProperties;
import de.meldeweg.privacy.RetentionProperties;
import de.meldeweg.replies.ReplyProperties;
import de.meldeweg.tickets.TicketProperties;
import de.meldeweg.whatsapp.WhatsAppProperties;

/**
 * The feature settings (case, delivery, health, replies, retention, ticket, whatsapp) bind from the one place their defaults live (application.yaml), durations
 * with their units, and a wrong value stops the start naming the setting.
 */
class FeatureSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({CaseProperties.class, DeliveryProperties.class, HealthProperties.class,
            RetentionProperties.class, ReplyProperties.class, TicketProperties.class, WhatsAppProperties.class})
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    @Test
    void theDefaultsComeFromApplicationYamlWithTheirUnits() {
        context.run(c -> {
            assertThat(c).hasNotFailed();
            assertThat(c.getBean(CaseProperties.class).groupingWindow()).isEqualTo(Duration.ofMinutes(5));
            assertThat(c.getBean(CaseProperties.class).assemblyInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(c.getBean(DeliveryProperties.class).lease()).isEqualTo(Duration.ofMinutes(2));
            assertThat(c.getBean(HealthProperties.class).timeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(c.getBean(TicketProperties.class).responseTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(c.getBean(TicketProperties.class).customer()).isEqualTo("meldeweg@stadt.example");
            assertThat(c.getBean(RetentionProperties.class).auditAfter()).isEqualTo(Duration.ofDays(1095));
            assertThat(c.getBean(ReplyProperties.class).ticketEvery()).isEqualTo(Duration.ofMinutes(15));
            assertThat(c.getBean(WhatsAppProperties.class).perCitizenInterval()).isEqualTo(Duration.ofSeconds(6));
            assertThat(c.getBean(WhatsAppProperties.class).sendBatch()).isEqualTo(40);
        });
        context.withPropertyValues("meldeweg.delivery.interval=200", "meldeweg.case.grouping-window=PT0S")
                .run(c -> {
                    assertThat(c.getBean(DeliveryProperties.class).interval()).as("a bare number counts as milliseconds")
                            .isEqualTo(Duration.ofMillis(200));
                    assertThat(c.getBean(CaseProperties.class).groupingWindow()).isZero();
                });
    }

    @Test
    void aWrongSettingStopsTheStartAndIsNamed() {
        context.withPropertyValues("meldeweg.case.enrichers=0").run(c -> assertThat(c).hasFailed()
                .getFailure().hasStackTraceContaining("meldeweg.case").hasStackTraceContaining("enrichers"));
        context.withPropertyValues("meldeweg.delivery.retry-initial=soon").run(c -> assertThat(c).hasFailed()
                .getFailure().hasStackTraceContaining("meldeweg.delivery.retry-initial"));
        context.withPropertyValues("meldeweg.ticket.connect-timeout=0s").run(c -> assertThat(c).hasFailed()
                .getFailure().hasStackTraceContaining("meldeweg.ticket").hasStackTraceContaining("connectTimeout"));
        context.withPropertyValues("meldeweg.retention.after-closed=P3D").run(c -> assertThat(c).hasFailed()
                .getFailure().hasStackTraceContaining("meldeweg.retention").hasStackTraceContaining("afterClosed")
                .hasStackTraceContaining("must be at least P7D"));
        context.withPropertyValues("meldeweg.retention.max-age=P20D").run(c -> assertThat(c).hasFailed()
                .getFailure().hasStackTraceContaining("meldeweg.retention.max-age (PT480H) must not be shorter than "
                        + "meldeweg.retention.after-closed"));
        context.withPropertyValues("meldeweg.whatsapp.rate-per-second=0").run(c -> assertThat(c).hasFailed()
                .getFailure().hasStackTraceContaining("meldeweg.whatsapp").hasStackTraceContaining("ratePerSecond"));
        context.withPropertyValues("meldeweg.replies.ticket-every=-PT1M").run(c -> assertThat(c).hasFailed()
                .getFailure().hasStackTraceContaining("meldeweg.replies").hasStackTraceContaining("ticketEvery"));
    }
}
