package de.meldeweg.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import de.meldeweg.MailProperties;
import de.meldeweg.MeldewegProperties;
import de.meldeweg.cases.CaseProperties;
import de.meldeweg.delivery.DeliveryProperties;
import de.meldeweg.ops.HealthProperties;
import de.meldeweg.privacy.PrivacyProperties;
import de.meldeweg.privacy.RetentionProperties;
import de.meldeweg.replies.ReplyProperties;
import de.meldeweg.security.AccessProperties;
import de.meldeweg.security.AdminTokenProperties;
import de.meldeweg.texts.TextProperties;
import de.meldeweg.tickets.TicketProperties;
import de.meldeweg.whatsapp.WebhookProperties;
import de.meldeweg.whatsapp.WhatsAppProperties;

/**
 * The feature settings (case, delivery, health, mail, privacy, replies, retention, security, texts, ticket, webhook,
 * whatsapp, the shared time zone and folders) bind from the one place their defaults live (application.yaml), durations
 * with their units, and a wrong value stops the start naming the setting.
 */
class FeatureSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({CaseProperties.class, DeliveryProperties.class, HealthProperties.class,
            RetentionProperties.class, ReplyProperties.class, TicketProperties.class, WhatsAppProperties.class,
            MeldewegProperties.class, MailProperties.class, WebhookProperties.class, AccessProperties.class,
            AdminTokenProperties.class, PrivacyProperties.class, TextProperties.class})
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
            assertThat(c.getBean(WhatsAppProperties.class).mediaHosts()).containsExactly("lookaside.fbsbx.com");
            assertThat(c.getBean(WhatsAppProperties.class).answerTemplate().name()).isEqualTo("meldeweg_antwort");
            assertThat(c.getBean(TicketProperties.class).followAfterClose()).isEqualTo(Duration.ofDays(7));
            assertThat(c.getBean(MeldewegProperties.class).timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
            MailProperties mail = c.getBean(MailProperties.class);
            assertThat(mail.from()).isEqualTo("meldeweg@stadt.example");
            assertThat(mail.smtp().configured()).as("no SMTP host by default: mails go into the outbox folder").isFalse();
            assertThat(mail.smtp().keepOpen()).isEqualTo(Duration.ofSeconds(30));
            assertThat(mail.smtp().messagesPerConnection()).isEqualTo(100);
            assertThat(mail.imap().port()).isEqualTo(993);
            assertThat(mail.imap().interval()).isEqualTo(Duration.ofMinutes(1));
            assertThat(c.getBean(WebhookProperties.class).bodyBytesInFlight()).isEqualTo(DataSize.ofMegabytes(32));
            assertThat(c.getBean(WebhookProperties.class).bodyWait()).isEqualTo(Duration.ofMillis(500));
            assertThat(c.getBean(WebhookProperties.class).requestsInFlight()).isEqualTo(64);
            assertThat(c.getBean(AccessProperties.class).openPaths()).contains("/webhooks/whatsapp", "/actuator/health");
            assertThat(c.getBean(AdminTokenProperties.class).token()).isEmpty();
            assertThat(c.getBean(PrivacyProperties.class).maskContacts()).isTrue();
            assertThat(c.getBean(TextProperties.class).defaultLanguage()).isEqualTo("de");
            assertThat(c.getBean(TextProperties.class).dir()).isEqualTo("./config/templates/../texts");
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
        context.withPropertyValues("meldeweg.time-zone=Mars/Olympus").run(c -> assertThat(c).hasFailed()
                .getFailure().hasStackTraceContaining("meldeweg.time-zone"));
        context.withPropertyValues("meldeweg.mail.smtp.starttls=maybe").run(c -> assertThat(c).hasFailed()
                .getFailure().hasStackTraceContaining("meldeweg.mail").hasStackTraceContaining("smtp.starttls")
                .hasStackTraceContaining("must be true, false or required"));
        context.withPropertyValues("meldeweg.mail.smtp.keep-open=a while").run(c -> assertThat(c).hasFailed()
                .getFailure().hasStackTraceContaining("meldeweg.mail.smtp.keep-open"));
        context.withPropertyValues("meldeweg.mail.imap.port=0").run(c -> assertThat(c).hasFailed()
                .getFailure().hasStackTraceContaining("meldeweg.mail").hasStackTraceContaining("imap.port"));
        context.withPropertyValues("meldeweg.mail.from=").run(c -> assertThat(c).hasFailed()
                .getFailure().hasStackTraceContaining("meldeweg.mail").hasStackTraceContaining("from"));
        context.withPropertyValues("meldeweg.webhook.writer-threads=0").run(c -> assertThat(c).hasFailed()
                .getFailure().hasStackTraceContaining("meldeweg.webhook").hasStackTraceContaining("writerThreads"));
        context.withPropertyValues("meldeweg.webhook.body-bytes-in-flight=lots").run(c -> assertThat(c).hasFailed()
                .getFailure().hasStackTraceContaining("meldeweg.webhook.body-bytes-in-flight"));
        context.withPropertyValues("meldeweg.ticket.follow-after-close=-P1D").run(c -> assertThat(c).hasFailed()
                .getFailure().hasStackTraceContaining("meldeweg.ticket").hasStackTraceContaining("followAfterClose"));
        context.withPropertyValues("meldeweg.whatsapp.answer-template.language=").run(c -> assertThat(c).hasFailed()
                .getFailure().hasStackTraceContaining("meldeweg.whatsapp").hasStackTraceContaining("answerTemplate.language"));
        context.withPropertyValues("meldeweg.texts.default-language=deutsch").run(c -> assertThat(c).hasFailed()
                .getFailure().hasStackTraceContaining("meldeweg.texts").hasStackTraceContaining("defaultLanguage"));
        context.withPropertyValues("meldeweg.privacy.mask-contacts=perhaps").run(c -> assertThat(c).hasFailed()
                .getFailure().hasStackTraceContaining("meldeweg.privacy.mask-contacts"));
    }
}
