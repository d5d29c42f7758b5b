package de.meldeweg.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Following a ticket in each system, with the vendors' answer shapes: which articles or journals
 * are public answers written by an agent (never the service's own user, a customer, the mail
 * gateway's unknown-user account or a configured ignored author), and when a ticket counts as
 * closed. The requests are recorded: no credential ever stands in a URL.
 */
class TicketFollowersTest {

    /** Answers requests from a map of "METHOD path" to body, and records them. */
    static final class FakeSystem implements TicketHttp {
        final Map<String, String> answers;
        final List<String> requested = new ArrayList<>();
        final List<Map<String, String>> headers = new ArrayList<>();
        final List<String> bodies = new ArrayList<>();

        FakeSystem(Map<String, String> answers) {
            this.answers = answers;
        }

        @Override
        public Response call(TicketRequest request) {
            String key = request.method() + " " + request.path();
            requested.add(key);
            headers.add(request.headers());
            bodies.add(request.bodyText());
            String body = answers.get(key);
            return body == null ? new Response(404, "{\"error\":\"not found\"}") : new Response(200, body);
        }
    }

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static TicketAdapter adapter(String system, List<String> ignored) {
        TicketProperties properties = new TicketProperties(system, "https://tickets.calw.example", "secret-token", "meldeweg",
                "meldeweg@stadt.example", "", "", "", "[DRINGEND] ").with(null, ignored);
        return TicketAdapters.create(properties, TicketFixtures.shippedTemplates(), BERLIN, List.of("Closed"));
    }

    static final String ZAMMAD_ARTICLES = "["
            + "{\"id\": 11, \"ticket_id\": 4711, \"type_id\": 10, \"sender_id\": 1, \"from\": \"Meldeweg\", \"subject\": \"WK-2026-000042\", "
            + "\"body\": \"Meldung WK-2026-000042 über Meldeweg\", \"content_type\": \"text/plain\", \"internal\": false, "
            + "\"created_by_id\": 3, \"type\": \"note\", \"sender\": \"Agent\", \"created_by\": \"meldeweg-api\"},"
            + "{\"id\": 12, \"ticket_id\": 4711, \"body\": \"Bitte Bauhof informieren\", \"content_type\": \"text/html\", \"internal\": true, "
            + "\"created_by_id\": 7, \"type\": \"note\", \"sender\": \"Agent\", \"created_by\": \"erika.beispiel\"},"
            + "{\"id\": 13, \"ticket_id\": 4711, \"body\": \"<p>Die Laterne ist repariert.</p>\", \"content_type\": \"text/html\", "
            + "\"internal\": false, \"created_by_id\": 7, \"type\": \"note\", \"sender\": \"Agent\", \"created_by\": \"erika.beispiel\"},"
            + "{\"id\": 14, \"ticket_id\": 4711, \"body\": \"Schicken Sie uns Ihre IBAN.\", \"content_type\": \"text/plain\", "
            + "\"internal\": false, \"created_by_id\": 9, \"type\": \"email\", \"sender\": \"Customer\", \"from\": \"tiefbauamt@stadt-calw.example\"},"
            + "{\"id\": 15, \"ticket_id\": 4711, \"body\": \"Automatische Eskalation\", \"content_type\": \"text/plain\", "
            + "\"internal\": false, \"created_by_id\": 1, \"type\": \"note\", \"sender\": \"System\"},"
            + "{\"id\": 16, \"ticket_id\": 4711, \"body\": \"Weitergeleitet vom Postfach\", \"content_type\": \"text/plain\", "
            + "\"internal\": false, \"created_by_id\": 21, \"type\": \"email\", \"sender\": \"Agent\", \"created_by\": \"mail-gateway\"}]";

    @Test
    void zammadRelaysOnlyPublicArticlesOfAnAgentNeverInternalCustomerSystemGatewayOrOurOwn() {
        FakeSystem zammad = new FakeSystem(Map.of(
                "GET /api/v1/users/me", "{\"id\": 3, \"login\": \"meldeweg-api\", \"firstname\": \"Meldeweg\", \"active\": true}",
                "GET /api/v1/tickets/4711?expand=true", "{\"id\": 4711, \"group_id\": 2, \"priority_id\": 2, \"state_id\": 4, \"number\": \"31004711\", "
                        + "\"title\": \"WK-2026-000042: Straßenbeleuchtung\", \"state\": \"closed\", \"priority\": \"2 normal\", \"group\": \"Strassenbeleuchtung\"}",
                "GET /api/v1/ticket_articles/by_ticket/4711?expand=true", ZAMMAD_ARTICLES));
        TicketAdapter follower = adapter("zammad", List.of("mail-gateway"));
        TicketView view = follower.look("4711", zammad);
        assertThat(view.closed()).isTrue();
        assertThat(view.answers()).containsExactly(new TicketAnswer("zammad:4711:13", "<p>Die Laterne ist repariert.</p>", true));
        assertThat(zammad.headers.get(0)).containsEntry("Authorization", "Token token=secret-token");

        follower.look("4711", zammad);
        assertThat(zammad.requested).as("our own user is asked for once").filteredOn(p -> p.contains("users/me")).hasSize(1);
        assertThat(zammad.requested).noneMatch(p -> p.contains("secret-token"));
    }

    @Test
    void zammadFollowsUnderTheConfiguredPathLikeTheCreateRequest() {
        TicketProperties prefixed = new TicketProperties("zammad", "https://tickets.calw.example", "t", "", "meldeweg@stadt.example",
                "/zammad/api/v1/tickets", "", "", "");
        TicketAdapter follower = TicketAdapters.create(prefixed, TicketFixtures.shippedTemplates(), BERLIN, List.of());
        FakeSystem zammad = new FakeSystem(Map.of(
                "GET /zammad/api/v1/users/me", "{\"id\": 3}",
                "GET /zammad/api/v1/tickets/4711?expand=true", "{\"id\": 4711, \"state\": \"open\"}",
                "GET /zammad/api/v1/ticket_articles/by_ticket/4711?expand=true", ZAMMAD_ARTICLES));
        assertThat(follower.look("4711", zammad).answers()).extracting(TicketAnswer::key).containsExactly("zammad:4711:13", "zammad:4711:16");
        assertThat(follower.note("4711", "s", "t").orElseThrow().path()).isEqualTo("/zammad/api/v1/ticket_articles");
    }

    static final String REDMINE_ISSUE = "{\"issue\": {\"id\": 815, \"project\": {\"id\": 1, \"name\": \"Tiefbau\"}, \"tracker\": {\"id\": 1, \"name\": \"Meldung\"}, "
            + "\"status\": {\"id\": 5, \"name\": \"Erledigt\", \"is_closed\": true}, \"priority\": {\"id\": 2, \"name\": \"Normal\"}, "
            + "\"author\": {\"id\": 4, \"name\": \"Meldeweg API\"}, \"subject\": \"WK-2026-000042: Straße\", \"description\": \"Meldung\", "
            + "\"journals\": ["
            + "{\"id\": 101, \"user\": {\"id\": 8, \"name\": \"Erika Beispiel\"}, \"notes\": \"Wird am Montag verfüllt.\", "
            + "\"created_on\": \"2026-11-28T10:00:00Z\", \"private_notes\": false, \"details\": []},"
            + "{\"id\": 102, \"user\": {\"id\": 8, \"name\": \"Erika Beispiel\"}, \"notes\": \"Interner Vermerk\", "
            + "\"created_on\": \"2026-11-28T10:05:00Z\", \"private_notes\": true, \"details\": []},"
            + "{\"id\": 103, \"user\": {\"id\": 8, \"name\": \"Erika Beispiel\"}, \"notes\": \"\", \"created_on\": \"2026-11-28T11:00:00Z\", "
            + "\"private_notes\": false, \"details\": [{\"property\": \"attr\", \"name\": \"status_id\", \"old_value\": \"1\", \"new_value\": \"5\"}]},"
            + "{\"id\": 104, \"user\": {\"id\": 4, \"name\": \"Meldeweg API\"}, \"notes\": \"Foto nachgereicht\", \"private_notes\": false},"
            + "{\"id\": 105, \"user\": {\"id\": 2, \"name\": \"Anonymous\"}, \"notes\": \"Schicken Sie uns Ihre IBAN.\", \"private_notes\": false},"
            + "{\"id\": 106, \"user\": {\"id\": 2, \"name\": \"Anonym\"}, \"notes\": \"Per Mail von unbekannt\", \"private_notes\": false},"
            + "{\"id\": 107, \"user\": {\"id\": 12, \"name\": \"Poststelle Import\"}, \"notes\": \"Eingang per Mail\", \"private_notes\": false}]}}";

    @Test
    void redmineRelaysPublicNotesOfAgentsButNotPrivateNotesStatusChangesOurOwnAnonymousOrIgnoredAuthors() {
        FakeSystem redmine = new FakeSystem(Map.of("GET /users/current.json", "{\"user\": {\"id\": 4, \"login\": \"meldeweg\"}}",
                "GET /issues/815.json?include=journals", REDMINE_ISSUE));
        TicketView view = adapter("redmine", List.of("12")).look("815", redmine);
        assertThat(view.answers()).containsExactly(new TicketAnswer("redmine:815:101", "Wird am Montag verfüllt.", false));
        assertThat(view.closed()).isTrue();
        assertThat(redmine.headers.get(1)).containsEntry("X-Redmine-API-Key", "secret-token");

        // Statuses of Redmine 5.0 carry is_closed; a status without it is decided by the configured names.
        String old = "{\"issue\": {\"id\": 815, \"status\": {\"id\": 5, \"name\": \"Closed\"}, \"journals\": []}}";
        assertThat(RedmineAdapter.view("815", TestJson.read(old), 4, java.util.Set.of("closed"), List.of()).closed()).isTrue();
        String open = "{\"issue\": {\"id\": 815, \"status\": {\"id\": 2, \"name\": \"In Bearbeitung\", \"is_closed\": false}, \"journals\": []}}";
        assertThat(RedmineAdapter.view("815", TestJson.read(open), 4, java.util.Set.of("closed"), List.of()).closed()).isFalse();
    }

    @Test
    void znunyAsksWithTheCredentialsInTheBodyAndRelaysOnlyCustomerVisibleAgentArticles() throws Exception {
        String answer = "{\"Ticket\": [{\"TicketID\": \"1234\", \"TicketNumber\": \"2026112810000012\", \"Title\": \"WK-2026-000042: Straße\", "
                + "\"State\": \"closed successful\", \"StateType\": \"closed\", \"Queue\": \"Tiefbauamt\", \"Article\": ["
                + "{\"ArticleID\": \"5001\", \"SenderType\": \"customer\", \"IsVisibleForCustomer\": 1, \"Body\": \"Meldung WK-2026-000042\", "
                + "\"ContentType\": \"text/plain; charset=utf8\", \"CommunicationChannel\": \"Internal\", \"CreateBy\": \"2\"},"
                + "{\"ArticleID\": \"5002\", \"SenderType\": \"agent\", \"IsVisibleForCustomer\": 0, \"Body\": \"Intern: Bauhof fragen\", "
                + "\"ContentType\": \"text/plain; charset=utf8\", \"CommunicationChannel\": \"Internal\", \"CreateBy\": \"5\"},"
                + "{\"ArticleID\": \"5003\", \"SenderType\": \"agent\", \"IsVisibleForCustomer\": 1, \"Body\": \"Das Schlagloch ist verfüllt.\", "
                + "\"ContentType\": \"text/plain; charset=utf8\", \"CommunicationChannel\": \"Email\", \"CreateBy\": \"5\"},"
                + "{\"ArticleID\": \"5004\", \"SenderType\": \"customer\", \"IsVisibleForCustomer\": 1, \"Body\": \"Schicken Sie uns Ihre IBAN.\", "
                + "\"ContentType\": \"text/plain; charset=utf8\", \"CommunicationChannel\": \"Email\", \"CreateBy\": \"1\"},"
                + "{\"ArticleID\": \"5005\", \"SenderType\": \"system\", \"IsVisibleForCustomer\": 1, \"Body\": \"Auto-Antwort\", "
                + "\"ContentType\": \"text/plain; charset=utf8\", \"CommunicationChannel\": \"Email\", \"CreateBy\": \"1\"}]}]}";
        String path = "POST /znuny/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST/Ticket/1234";
        FakeSystem znuny = new FakeSystem(Map.of(path, answer));
        TicketAdapter adapter = TicketAdapters.create(new TicketProperties("znuny", "https://tickets.calw.example", "p&w", "meldeweg",
                "meldeweg@stadt.example", "", "", "", ""), TicketFixtures.shippedTemplates(), BERLIN, List.of());
        TicketView view = adapter.look("1234", znuny);
        assertThat(view.answers()).containsExactly(new TicketAnswer("znuny:1234:5003", "Das Schlagloch ist verfüllt.", false));
        assertThat(view.closed()).isTrue();
        assertThat(znuny.requested).containsExactly(path);
        assertThat(TestJson.read(znuny.bodies.get(0))).isEqualTo(TestJson.read(
                "{\"UserLogin\": \"meldeweg\", \"Password\": \"p&w\", \"AllArticles\": 1, \"DynamicFields\": 0}"));

        FakeSystem denied = new FakeSystem(Map.of(path, "{\"Error\": {\"ErrorCode\": \"TicketGet.AccessDenied\", "
                + "\"ErrorMessage\": \"TicketGet: User does not have access to the ticket!\"}}"));
        assertThatThrownBy(() -> adapter.look("1234", denied))
                .isInstanceOf(TicketFollowException.class).hasMessageContaining("TicketGet.AccessDenied").hasMessageNotContaining("p&w");
    }

    @Test
    void open311RelaysChangedStatusNotesAndClosesOnStatusClosedWithoutTheKeyInTheUrl() {
        String open = "[{\"service_request_id\": \"638344\", \"status\": \"open\", \"status_notes\": null, \"service_name\": \"Schlagloch\", "
                + "\"service_code\": \"006\", \"requested_datetime\": \"2026-11-28T10:00:00+01:00\", \"updated_datetime\": \"2026-11-28T10:00:00+01:00\"}]";
        String closed = "[{\"service_request_id\": \"638344\", \"status\": \"closed\", \"status_notes\": \"Das Schlagloch wurde verfüllt.\", "
                + "\"service_name\": \"Schlagloch\", \"service_code\": \"006\", \"updated_datetime\": \"2026-11-29T09:00:00+01:00\"}]";
        TicketAdapter open311 = adapter("open311", List.of());
        assertThat(open311.look("638344", new FakeSystem(Map.of("GET /requests/638344.json", open))))
                .isEqualTo(new TicketView(List.of(), false, null));
        FakeSystem server = new FakeSystem(Map.of("GET /requests/638344.json", closed));
        TicketView view = open311.look("638344", server);
        assertThat(view.closed()).isTrue();
        assertThat(view.answers()).singleElement().satisfies(a -> {
            assertThat(a.text()).isEqualTo("Das Schlagloch wurde verfüllt.");
            assertThat(a.key()).startsWith("open311:638344:");
        });
        assertThat(server.requested).noneMatch(p -> p.contains("api_key") || p.contains("secret-token"));
    }

    @Test
    void open311TokensAreResolvedToTheirRequestFirst() {
        TicketAdapter open311 = adapter("open311", List.of());
        FakeSystem server = new FakeSystem(Map.of(
                "GET /tokens/12345.json", "[{\"service_request_id\": \"638344\", \"token\": \"12345\"}]",
                "GET /requests/638344.json", "[{\"service_request_id\": \"638344\", \"status\": \"open\"}]"));
        TicketView view = open311.look("token:12345", server);
        assertThat(view.resolvedId()).isEqualTo("638344");
        FakeSystem pending = new FakeSystem(Map.of("GET /tokens/12345.json", "[{\"token\": \"12345\"}]"));
        assertThat(open311.look("token:12345", pending)).isEqualTo(new TicketView(List.of(), false, null));
    }

    @Test
    void errorsNeverQuoteTheAnswerAndOddIdsAreRefused() {
        FakeSystem broken = new FakeSystem(Map.of());
        assertThatThrownBy(() -> adapter("redmine", List.of()).look("815", broken))
                .isInstanceOf(TicketFollowException.class).hasMessage("redmine: users/current answered HTTP 404");
        assertThatThrownBy(() -> adapter("zammad", List.of()).look("../admin", broken)).isInstanceOf(TicketFollowException.class);
    }
}
