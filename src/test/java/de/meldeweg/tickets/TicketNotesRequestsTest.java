package de.meldeweg.tickets;

import static de.meldeweg.tickets.TicketFixtures.BERLIN;
import static de.meldeweg.tickets.TicketFixtures.JSON;
import static de.meldeweg.tickets.TicketFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The note on an existing ticket after an erasure, built as each vendor documents its update call:
 * Zammad {@code POST /api/v1/ticket_articles}, Znuny GenericInterface {@code TicketUpdate}
 * ({@code PATCH /Ticket/:TicketID} with an Article), Redmine {@code PUT /issues/{id}.json} with
 * {@code notes}; Open311 GeoReport v2 has no update call.
 */
class TicketNotesRequestsTest {

    private static final String SUBJECT = "WK-2026-000042: Einwilligung widerrufen";
    private static final String TEXT = "Die meldende Person kann nicht mehr benachrichtigt werden.";

    @Test
    void zammadAddsAnInternalNoteArticle() throws Exception {
        TicketAdapter zammad = new ZammadAdapter(TicketFixtures.shippedTemplates(), TicketFixtures.properties("zammad"), BERLIN);
        TicketRequest request = zammad.note("4711", SUBJECT, TEXT).orElseThrow();

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v1/ticket_articles");
        assertThat(request.headers()).isEqualTo(Map.of("Authorization", "Token token=s3cr3t-token",
                "Content-Type", "application/json", "Accept", "application/json"));
        assertThat(json(request)).isEqualTo(JSON.readTree("{\"ticket_id\": 4711, \"subject\": \"" + SUBJECT + "\", \"body\": \""
                + TEXT + "\", \"content_type\": \"text/plain\", \"type\": \"note\", \"internal\": true}"));
        zammad.noteAccepted(201, "{\"id\": 99, \"ticket_id\": 4711, \"type\": \"note\", \"internal\": true}");
        assertThatThrownBy(() -> zammad.noteAccepted(422, "{\"error\": \"x\", \"error_human\": \"Ticket not found\"}"))
                .hasMessageContaining("Ticket not found");
    }

    @Test
    void znunyUpdatesTheTicketWithAnInternalArticle() throws Exception {
        TicketAdapter znuny = new ZnunyAdapter(TicketFixtures.shippedTemplates(), TicketFixtures.properties("znuny"), BERLIN);
        TicketRequest request = znuny.note("1234", SUBJECT, TEXT).orElseThrow();

        assertThat(request.method()).isEqualTo("PATCH");
        assertThat(request.path()).isEqualTo("/znuny/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST/Ticket/1234");
        assertThat(json(request).path("Article")).isEqualTo(JSON.readTree("{\"CommunicationChannel\": \"Internal\", "
                + "\"SenderType\": \"agent\", \"IsVisibleForCustomer\": 0, \"Subject\": \"" + SUBJECT + "\", \"Body\": \"" + TEXT
                + "\", \"ContentType\": \"text/plain; charset=utf8\"}"));
        assertThat(json(request).has("UserLogin")).isTrue();
        assertThat(json(request).has("Password")).isTrue();
        assertThat(json(request).has("Ticket")).isFalse();
        znuny.noteAccepted(200, "{\"TicketID\": \"1234\", \"TicketNumber\": \"2026112910000012\", \"ArticleID\": \"77\"}");
        assertThatThrownBy(() -> znuny.noteAccepted(200, "{\"Error\": {\"ErrorCode\": \"TicketUpdate.AccessDenied\", "
                + "\"ErrorMessage\": \"TicketUpdate: User does not have access to the ticket!\"}}"))
                .hasMessageContaining("TicketUpdate.AccessDenied");
    }

    @Test
    void redmineAddsPrivateNotesToTheIssue() throws Exception {
        TicketAdapter redmine = new RedmineAdapter(TicketFixtures.shippedTemplates(), TicketFixtures.properties("redmine"), BERLIN);
        TicketRequest request = redmine.note("815", SUBJECT, TEXT).orElseThrow();

        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.path()).isEqualTo("/issues/815.json");
        assertThat(request.headers()).containsEntry("X-Redmine-API-Key", "s3cr3t-token").containsEntry("Content-Type", "application/json");
        assertThat(json(request)).isEqualTo(JSON.readTree("{\"issue\": {\"notes\": \"" + SUBJECT + "\\n\\n" + TEXT
                + "\", \"private_notes\": true}}"));
        redmine.noteAccepted(204, "");
        assertThatThrownBy(() -> redmine.noteAccepted(404, "")).isInstanceOf(TicketResponseException.class);
    }

    @Test
    void open311HasNoCallForANote() {
        TicketAdapter open311 = new Open311Adapter(TicketFixtures.shippedTemplates(), TicketFixtures.properties("open311"), BERLIN);
        assertThat(open311.note("638344", SUBJECT, TEXT)).isEmpty();
    }
}
