package de.meldeweg.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import de.meldeweg.MeldewegProperties;

/** meldeweg.ticket.* as Spring binds it (defaults from application.yaml), without the rest of the service. */
class TicketAdaptersBindingTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({TicketProperties.class, MeldewegProperties.class, RedmineStatusProperties.class})
    @Import(TicketAdapters.class)
    static class Config {

        @Bean
        ObjectMapper json() {
            return TicketFixtures.MAPPER;
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer()).withUserConfiguration(Config.class)
            .withPropertyValues("meldeweg.templates-dir=" + TicketFixtures.SHIPPED_TEMPLATES);

    @Test
    void withoutSettingsThereIsNoTicketSystem() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(TicketAdapters.class).enabled()).isFalse();
            TicketProperties properties = context.getBean(TicketProperties.class);
            assertThat(properties.customer()).isEqualTo("meldeweg@stadt.example");
            assertThat(properties.urgentPrefix()).isEqualTo("[DRINGEND] ");
        });
    }

    @Test
    void aConfiguredSystemIsBound() {
        runner.withPropertyValues("meldeweg.ticket.system=Zammad", "meldeweg.ticket.base-url=https://zammad.calw.example",
                        "meldeweg.ticket.token=abc", "meldeweg.ticket.urgent-priority=4 sofort")
                .run(context -> {
                    TicketAdapters presets = context.getBean(TicketAdapters.class);
                    assertThat(presets.adapter().name()).isEqualTo("zammad");
                    assertThat(presets.baseUrl()).isEqualTo("https://zammad.calw.example");
                    assertThat(presets.adapter().create(TicketFixtures.report(true), List.of()).bodyText())
                            .contains("\"priority\":\"4 sofort\"");
                });
    }

    @Test
    void aSystemWithoutItsSettingsStopsTheStart() {
        runner.withPropertyValues("meldeweg.ticket.system=redmine").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("Ticket system redmine is missing meldeweg.ticket.base-url"));
    }
}
