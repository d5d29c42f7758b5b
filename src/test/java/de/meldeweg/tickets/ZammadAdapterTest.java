package de.meldeweg.tickets;

import static de.meldeweg.tickets.TicketFixtures.BARE_BODY;
import static de.meldeweg.tickets.TicketFixtures.BERLIN;
import static de.meldeweg.tickets.TicketFixtures.BODY;
import static de.meldeweg.tickets.TicketFixtures.JPEG_BASE64;
import static de.meldeweg.tickets.TicketFixtures.JSON;
import static de.meldeweg.tickets.TicketFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Requests as in https://docs.zammad.org/en/latest/api/ticket/index.html and .../api/ticket/articles.html. */
class ZammadAdapterTest {

    private final TicketAdapter zammad = new ZammadAdapter(TicketFixtures.shippedTemplates(), TicketFixtures.properties("zammad"), BERLIN);

    @Test
    void createsTheTicketWithItsFirstArticleAndThePhotoInline() throws Exception {
        TicketRequest request = zammad.create(TicketFixtures.report(false), List.of());

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v1/tickets");
        assertThat(request.headers()).isEqualTo(Map.of(
                "Authorization", "Token token=s3cr3t-token",
                "Content-Type", "application/json",
                "Accept", "application/json"));
        assertThat(json(request)).isEqualTo(expected("WK-2026-000042: Straßenbeleuchtung", "2 normal", BODY, true));
        assertThat(request.bodyText()).contains("WK-2026-000042");
    }

    @Test
    void urgentReportsGetTheHighPriorityAndThePrefix() throws Exception {
        TicketRequest request = zammad.create(TicketFixtures.report(true), List.of());

        assertThat(json(request)).isEqualTo(expected("[DRINGEND] WK-2026-000042: Straßenbeleuchtung", "3 high", BODY, true));
    }

    @Test
    void withoutPhotosAndLocationTheAttachmentsAreLeftOut() throws Exception {
        TicketRequest request = zammad.create(TicketFixtures.bareReport(), List.of());

        assertThat(json(request)).isEqualTo(expected("WK-2026-000042: Straßenbeleuchtung", "2 normal", BARE_BODY, false));
    }

    @Test
    void configuredPrioritiesWin() throws Exception {
        TicketAdapter custom = new ZammadAdapter(TicketFixtures.shippedTemplates(),
                TicketFixtures.properties("zammad", "1 low", "4 sofort"), BERLIN);

        assertThat(json(custom.create(TicketFixtures.report(false), List.of())).path("priority").asString()).isEqualTo("1 low");
        assertThat(json(custom.create(TicketFixtures.report(true), List.of())).path("priority").asString()).isEqualTo("4 sofort");
    }

    @Test
    void hasNoUploads() {
        assertThat(zammad.uploads(TicketFixtures.report(false))).isEmpty();
    }

    @Test
    void theTicketIdIsTheIdOfTheCreatedTicket() {
        // the 201 answer of the documentation, shortened
        String created = """
                {"id": 19, "group_id": 2, "priority_id": 2, "state_id": 1, "organization_id": null,
                 "number": "22019", "title": "Help me!", "owner_id": 1, "customer_id": 10,
                 "created_at": "2021-11-08T14:17:41.913Z", "updated_at": "2021-11-08T14:17:41.994Z",
                 "article_ids": [30], "ticket_time_accounting_ids": []}""";

        assertThat(zammad.ticketId(201, created)).isEqualTo("19");
    }

    @Test
    void errorAnswersThrowWithZammadsMessage() {
        String unknownGroup = """
                {"error": "No lookup value found for 'group': \\"Strassenbeleuchtung\\"",
                 "error_human": "No lookup value found for 'group': \\"Strassenbeleuchtung\\""}""";

        assertThatThrownBy(() -> zammad.ticketId(422, unknownGroup))
                .isInstanceOfSatisfying(TicketResponseException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.ticketMayExist()).isFalse();
                })
                .hasMessage("zammad (HTTP 422): No lookup value found for 'group': \"Strassenbeleuchtung\"");
        assertThatThrownBy(() -> zammad.ticketId(401, "{\"error\":\"Authentication failed\"}"))
                .hasMessage("zammad (HTTP 401): Authentication failed");
        assertThatThrownBy(() -> zammad.ticketId(502, "<html><body>Bad Gateway</body></html>"))
                .hasMessage("zammad (HTTP 502): <html><body>Bad Gateway</body></html>");
    }

    @Test
    void anEchoedTicketWithoutIdDoesNotCarryTheCitizensTextIntoTheError() {
        String echo = "{\"title\": \"Meldung WK-2026-000042\", \"article\": {\"body\": \"Die Laterne vor meinem Haus ist aus\"}}";
        assertThatThrownBy(() -> zammad.ticketId(201, echo))
                .isInstanceOf(TicketResponseException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Laterne").contains("not shown"));
    }

    @Test
    void aSuccessWithoutIdSaysThatATicketMayExist() {
        assertThatThrownBy(() -> zammad.ticketId(201, "{}"))
                .isInstanceOfSatisfying(TicketResponseException.class, e -> assertThat(e.ticketMayExist()).isTrue());
    }

    private static JsonNode expected(String title, String priority, String body, boolean withPhoto) {
        ObjectNode ticket = JSON.createObjectNode();
        ticket.put("title", title);
        ticket.put("group", "Strassenbeleuchtung");
        ticket.put("customer", "meldeweg@stadt.example");
        ticket.put("priority", priority);
        ObjectNode article = ticket.putObject("article");
        article.put("subject", title);
        article.put("body", body);
        article.put("type", "note");
        article.put("internal", false);
        article.put("content_type", "text/plain");
        if (withPhoto) {
            article.putArray("attachments").addObject()
                    .put("filename", "foto-1.jpg")
                    .put("data", JPEG_BASE64)
                    .put("mime-type", "image/jpeg");
        }
        return ticket;
    }

    @Test
    void aTicketIsAdoptedOnlyWhenItCarriesTheSecretTagOfThisDelivery() throws Exception {
        TicketReport report = TicketFixtures.report(false).with("0123456789abcdef0123456789abcdef", null);
        assertThat(TicketFixtures.json(zammad.create(report, List.of())).path("tags").asString())
                .isEqualTo("meldeweg-0123456789abcdef0123456789abcdef");
        String search = "GET /api/v1/tickets/search?query=%22WK-2026-000042%22&limit=10&expand=true";
        // 815: someone else's ticket whose title merely contains the reference; 816: ours, with the tag.
        String expanded = "[{\"id\": 815, \"title\": \"WK-2026-000042 Straßenbeleuchtung\", \"number\": \"31000815\"},"
                + "{\"id\": 816, \"title\": \"WK-2026-000042: Straßenbeleuchtung\", \"number\": \"31000816\"}]";
        TicketFollowersTest.FakeSystem system = new TicketFollowersTest.FakeSystem(java.util.Map.of(
                search, expanded,
                "GET /api/v1/tags?object=Ticket&o_id=815", "{\"tags\": [\"WK-2026-000042\", \"meldeweg\"]}",
                "GET /api/v1/tags?object=Ticket&o_id=816", "{\"tags\": [\"meldeweg-0123456789abcdef0123456789abcdef\"]}"));
        assertThat(zammad.adopt(report, system)).contains("816");
        assertThat(system.headers.get(0)).containsEntry("Authorization", "Token token=" + TicketFixtures.properties("zammad").token());

        TicketFollowersTest.FakeSystem onlyTitle = new TicketFollowersTest.FakeSystem(java.util.Map.of(
                search, "{\"tickets\": [815], \"tickets_count\": 1, \"assets\": {\"Ticket\": {\"815\": {\"id\": 815, "
                        + "\"title\": \"WK-2026-000042 Straßenbeleuchtung\"}}}}",
                "GET /api/v1/tags?object=Ticket&o_id=815", "{\"tags\": []}"));
        assertThat(zammad.adopt(report, onlyTitle)).as("a title that contains the reference is not enough").isEmpty();
        assertThat(zammad.adopt(TicketFixtures.report(false), onlyTitle)).as("without a secret nothing is adopted").isEmpty();
    }
}
