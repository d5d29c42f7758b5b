package de.meldeweg.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.aggregator.ArgumentsAccessor;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import de.meldeweg.ConsoleProperties;
import de.meldeweg.MailProperties;
import de.meldeweg.directory.DirectoryProperties;
import de.meldeweg.tickets.RedmineStatusProperties;
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
 * The feature settings (case, console address, delivery, directory, health, mail, privacy, replies, retention, security,
 * texts, ticket, webhook, whatsapp, the shared time zone and folders) bind from the one place their defaults live (application.yaml), durations
 * with their units, and a wrong value stops the start naming the setting.
 */
class FeatureSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({CaseProperties.class, DeliveryProperties.class, HealthProperties.class,
            RetentionProperties.class, ReplyProperties.class, TicketProperties.class, WhatsAppProperties.class,
            MeldewegProperties.class, MailProperties.class, WebhookProperties.class, AccessProperties.class,
            AdminTokenProperties.class, PrivacyProperties.class, TextProperties.class, DirectoryProperties.class,
            ConsoleProperties.class, RedmineStatusProperties.class})
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
            assertThat(c.getBean(DirectoryProperties.class).file()).isEqualTo(Path.of("./config", "departments.yaml"));
            assertThat(c.getBean(DirectoryProperties.class).datasource().configured()).as("the directory comes from the file").isFalse();
            assertThat(c.getBean(ConsoleProperties.class).link("/console/review")).isEqualTo("http://localhost:8080/console/review");
            assertThat(c.getBean(RedmineStatusProperties.class).redmineClosedStatuses())
                    .containsExactly("Closed", "Rejected", "Geschlossen", "Erledigt", "Abgewiesen");
        });
        context.withPropertyValues("meldeweg.delivery.interval=200", "meldeweg.case.grouping-window=PT0S")
                .run(c -> {
                    assertThat(c.getBean(DeliveryProperties.class).interval()).as("a bare number counts as milliseconds")
                            .isEqualTo(Duration.ofMillis(200));
                    assertThat(c.getBean(CaseProperties.class).groupingWindow()).isZero();
                });
    }

    /** Each row: a wrong setting, then what the failure must name (the setting, and the constraint where it says more). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            meldeweg.case.enrichers=0 | meldeweg.case | enrichers
            meldeweg.delivery.retry-initial=soon | meldeweg.delivery.retry-initial
            meldeweg.ticket.connect-timeout=0s | meldeweg.ticket | connectTimeout
            meldeweg.retention.after-closed=P3D | meldeweg.retention | afterClosed | must be at least P7D
            meldeweg.retention.max-age=P20D | meldeweg.retention.max-age (PT480H) must not be shorter than meldeweg.retention.after-closed
            meldeweg.whatsapp.rate-per-second=0 | meldeweg.whatsapp | ratePerSecond
            meldeweg.replies.ticket-every=-PT1M | meldeweg.replies | ticketEvery
            meldeweg.time-zone=Mars/Olympus | meldeweg.time-zone
            meldeweg.mail.smtp.starttls=maybe | meldeweg.mail | smtp.starttls | must be true, false or required
            meldeweg.mail.smtp.keep-open=a while | meldeweg.mail.smtp.keep-open
            meldeweg.mail.imap.port=0 | meldeweg.mail | imap.port
            meldeweg.mail.from= | meldeweg.mail | from
            meldeweg.webhook.writer-threads=0 | meldeweg.webhook | writerThreads
            meldeweg.webhook.body-bytes-in-flight=lots | meldeweg.webhook.body-bytes-in-flight
            meldeweg.ticket.follow-after-close=-P1D | meldeweg.ticket | followAfterClose
            meldeweg.whatsapp.answer-template.language= | meldeweg.whatsapp | answerTemplate.language
            meldeweg.texts.default-language=deutsch | meldeweg.texts | defaultLanguage
            meldeweg.privacy.mask-contacts=perhaps | meldeweg.privacy.mask-contacts
            meldeweg.directory.dir= | meldeweg.directory | dir
            meldeweg.directory.file-name= | meldeweg.directory | fileName
            meldeweg.console.base-url=localhost:8080 | meldeweg.console | baseUrl
            meldeweg.replies.redmine-closed-statuses= | meldeweg.replies | redmineClosedStatuses
            """)
    void aWrongSettingStopsTheStartAndIsNamed(ArgumentsAccessor row) {
        context.withPropertyValues(row.getString(0)).run(c -> {
            assertThat(c).hasFailed();
            for (int i = 1; i < row.size(); i++) {
                assertThat(c).getFailure().hasStackTraceContaining(row.getString(i));
            }
        });
    }
}
