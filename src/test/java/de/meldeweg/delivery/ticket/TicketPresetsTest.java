package de.meldeweg.delivery.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TicketPresetsTest {

    private static final String TEMPLATES = TicketFixtures.SHIPPED_TEMPLATES.toString();

    @ParameterizedTest
    @ValueSource(strings = {"zammad", "znuny", "redmine", "open311"})
    void theConfiguredSystemsPreset(String system) {
        TicketPresets presets = new TicketPresets(TicketFixtures.properties(system), TEMPLATES, "Europe/Berlin");

        assertThat(presets.enabled()).isTrue();
        assertThat(presets.preset().name()).isEqualTo(system);
        assertThat(presets.baseUrl()).isEqualTo("https://tickets.calw.example");
    }

    @Test
    void open311TokensAreMarked() {
        TicketPresets presets = new TicketPresets(TicketFixtures.properties("open311"), TEMPLATES, "Europe/Berlin");

        assertThat(presets.preset().ticketId(200, "[{\"token\":\"12345\"}]"))
                .isEqualTo(TicketPresets.OPEN311_TOKEN_PREFIX + "12345");
    }

    @Test
    void noneIsNoPreset() {
        TicketPresets presets = new TicketPresets(new TicketProperties(null, null, null, null, null, null, null, null, null),
                TEMPLATES, "Europe/Berlin");

        assertThat(presets.enabled()).isFalse();
        assertThatThrownBy(presets::preset).hasMessageContaining("meldeweg.ticket.system=none");
    }

    @Test
    void unknownSystemsAndMissingSettingsStopTheStart() {
        assertThatThrownBy(() -> new TicketPresets(TicketFixtures.properties("otrs"), TEMPLATES, "Europe/Berlin"))
                .hasMessage("meldeweg.ticket.system 'otrs' is unknown; use one of none, zammad, znuny, redmine, open311");
        assertThatThrownBy(() -> new TicketPresets(new TicketProperties("Znuny", "", "", "", "", "", "", "", ""),
                "does-not-exist", "Europe/Berlin"))
                .hasMessageContaining("Ticket system znuny is missing meldeweg.ticket.base-url (MELDEWEG_TICKET_BASE_URL), "
                        + "meldeweg.ticket.token (MELDEWEG_TICKET_TOKEN), meldeweg.ticket.user (MELDEWEG_TICKET_USER)")
                .hasMessageContaining("znuny.json (meldeweg.templates-dir)");
    }
}
