package de.meldeweg.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TicketAdaptersTest {

    private static final String TEMPLATES = TicketFixtures.SHIPPED_TEMPLATES.toString();

    @ParameterizedTest
    @ValueSource(strings = {"zammad", "znuny", "redmine", "open311"})
    void theConfiguredSystemsPreset(String system) {
        TicketAdapters presets = TicketFixtures.adapters(TicketFixtures.properties(system), TEMPLATES);

        assertThat(presets.enabled()).isTrue();
        assertThat(presets.adapter().name()).isEqualTo(system);
        assertThat(presets.baseUrl()).isEqualTo("https://tickets.calw.example");
    }

    @Test
    void open311TokensAreMarked() {
        TicketAdapters presets = TicketFixtures.adapters(TicketFixtures.properties("open311"), TEMPLATES);

        assertThat(presets.adapter().ticketId(200, "[{\"token\":\"12345\"}]"))
                .isEqualTo(TicketAdapters.OPEN311_TOKEN_PREFIX + "12345");
    }

    @Test
    void noneIsNoPreset() {
        TicketAdapters presets = TicketFixtures.adapters(new TicketProperties(null, null, null, null, null, null, null, null, null), TEMPLATES);

        assertThat(presets.enabled()).isFalse();
        assertThatThrownBy(presets::adapter).hasMessageContaining("meldeweg.ticket.system=none");
    }

    @Test
    void unknownSystemsAndMissingSettingsStopTheStart() {
        assertThatThrownBy(() -> TicketFixtures.adapters(TicketFixtures.properties("otrs"), TEMPLATES))
                .hasMessage("meldeweg.ticket.system 'otrs' is unknown; use one of none, zammad, znuny, redmine, open311");
        assertThatThrownBy(() -> TicketFixtures.adapters(new TicketProperties("Znuny", "", "", "", "", "", "", "", ""), "does-not-exist"))
                .hasMessageContaining("Ticket system znuny is missing meldeweg.ticket.base-url (MELDEWEG_TICKET_BASE_URL), "
                        + "meldeweg.ticket.token (MELDEWEG_TICKET_TOKEN), meldeweg.ticket.user (MELDEWEG_TICKET_USER)")
                .hasMessageContaining("znuny.json (meldeweg.templates-dir)");
    }
}
