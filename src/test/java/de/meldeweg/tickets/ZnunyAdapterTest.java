package de.meldeweg.tickets;

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

/**
 * Requests as Kernel/GenericInterface/Operation/Ticket/TicketCreate.pm (znuny/Znuny) documents them,
 * on the route of development/webservices/GenericTicketConnectorREST.yml.
 */
class ZnunyAdapterTest {

    private final TicketAdapter znuny = new ZnunyAdapter(TicketFixtures.shippedTemplates(), TicketFixtures.properties("znuny"), BERLIN);

    @Test
    void createsTicketArticleAndAttachmentWithAgentLogin() throws Exception {
        TicketRequest request = znuny.create(TicketFixtures.report(false), List.of());

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/znuny/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST/Ticket");
        assertThat(request.headers()).isEqualTo(Map.of("Content-Type", "application/json", "Accept", "application/json"));
        assertThat(json(request)).isEqualTo(expected("WK-2026-000042: Straßenbeleuchtung", "3 normal", true));
        assertThat(request.bodyText()).startsWith("{\"UserLogin\":\"meldeweg-agent\",\"Password\":\"s3cr3t-token\",");
    }

    @Test
    void urgentReportsGetVeryHighPriority() throws Exception {
        TicketRequest request = znuny.create(TicketFixtures.report(true), List.of());

        assertThat(json(request)).isEqualTo(expected("[DRINGEND] WK-2026-000042: Straßenbeleuchtung", "5 very high", true));
    }

    @Test
    void withoutPhotosThereIsNoAttachmentMemberAtAll() throws Exception {
        // TicketCreate rejects an empty Attachment array ("Attachment parameter is missing or not valid!")
        JsonNode request = json(znuny.create(TicketFixtures.bareReport(), List.of()));

        assertThat(request.has("Attachment")).isFalse();
        assertThat(request.at("/Article/Body").asString()).isEqualTo(TicketFixtures.BARE_BODY);
    }

    @Test
    void theWebServicePathIsConfigurable() {
        TicketProperties otrsPath = new TicketProperties("znuny", "https://tickets.calw.example", "pw", "agent", "kunde@calw.example",
                "/otrs/nph-genericinterface.pl/Webservice/Meldeweg/Ticket", "", "", "");

        TicketRequest request = new ZnunyAdapter(TicketFixtures.shippedTemplates(), otrsPath, BERLIN)
                .create(TicketFixtures.report(false), List.of());

        assertThat(request.path()).isEqualTo("/otrs/nph-genericinterface.pl/Webservice/Meldeweg/Ticket");
    }

    @Test
    void theTicketIdIsTicketId() {
        String created = "{\"ArticleID\":\"4711\",\"TicketNumber\":\"2026112910000012\",\"TicketID\":\"815\"}";

        assertThat(znuny.ticketId(200, created)).isEqualTo("815");
        assertThat(znuny.ticketId(200, "{\"TicketID\":815,\"TicketNumber\":\"2026112910000012\",\"ArticleID\":4711}")).isEqualTo("815");
    }

    @Test
    void anErrorObjectInA200AnswerThrows() {
        String authFail = """
                {"Error":{"ErrorCode":"TicketCreate.AuthFail","ErrorMessage":"TicketCreate: User could not be authenticated!"}}""";
        String badQueue = """
                {"Error":{"ErrorCode":"TicketCreate.InvalidParameter",
                          "ErrorMessage":"TicketCreate: Ticket->QueueID or Ticket->Queue parameter is invalid!"}}""";

        assertThatThrownBy(() -> znuny.ticketId(200, authFail))
                .isInstanceOfSatisfying(TicketResponseException.class, e -> assertThat(e.ticketMayExist()).isFalse())
                .hasMessage("znuny (HTTP 200): TicketCreate.AuthFail: TicketCreate: User could not be authenticated!");
        assertThatThrownBy(() -> znuny.ticketId(200, badQueue))
                .hasMessageContaining("TicketCreate.InvalidParameter: TicketCreate: Ticket->QueueID or Ticket->Queue parameter is invalid!");
        assertThatThrownBy(() -> znuny.ticketId(500, "Internal Server Error"))
                .hasMessage("znuny (HTTP 500): Internal Server Error");
        assertThatThrownBy(() -> znuny.ticketId(200, "{}"))
                .isInstanceOfSatisfying(TicketResponseException.class, e -> assertThat(e.ticketMayExist()).isTrue());
    }

    private static JsonNode expected(String title, String priority, boolean withPhoto) {
        ObjectNode request = JSON.createObjectNode();
        request.put("UserLogin", "meldeweg-agent");
        request.put("Password", "s3cr3t-token");
        ObjectNode ticket = request.putObject("Ticket");
        ticket.put("Title", title);
        ticket.put("Queue", "Strassenbeleuchtung");
        ticket.put("State", "new");
        ticket.put("Priority", priority);
        ticket.put("CustomerUser", "meldeweg@stadt.example");
        ObjectNode article = request.putObject("Article");
        article.put("CommunicationChannel", "Internal");
        article.put("SenderType", "customer");
        article.put("IsVisibleForCustomer", 1);
        article.put("Subject", title);
        article.put("Body", BODY);
        article.put("ContentType", "text/plain; charset=utf8");
        if (withPhoto) {
            request.putArray("Attachment").addObject()
                    .put("Content", JPEG_BASE64)
                    .put("ContentType", "image/jpeg")
                    .put("Filename", "foto-1.jpg");
        }
        return request;
    }
}
