package de.meldeweg.replies.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Each ticket system's answers, in the vendors' shapes: which articles or journals are public
 * answers of the department, and when a ticket counts as closed. The requests are recorded.
 */
class TicketFollowersTest {

    /** Answers GETs from a map of path to body, and records the requests. */
    static final class FakeSystem implements TicketHttp {
        final Map<String, String> answers;
        final List<String> requested = new ArrayList<>();
        final List<Map<String, String>> headers = new ArrayList<>();

        FakeSystem(Map<String, String> answers) {
            this.answers = answers;
        }

        @Override
        public Response get(String path, Map<String, String> h) {
            requested.add(path);
            headers.add(h);
            String body = answers.get(path);
            return body == null ? new Response(404, "{\"error\":\"not found\"}") : new Response(200, body);
        }
    }

    @Test
    void zammadRelaysPublicAgentArticlesButNotInternalNotesCustomerArticlesOrOurOwn() {
        FakeSystem zammad = new FakeSystem(Map.of(
                "/api/v1/users/me", "{\"id\": 3, \"login\": \"meldeweg-api\", \"firstname\": \"Meldeweg\", \"active\": true}",
                "/api/v1/tickets/4711?expand=true", "{\"id\": 4711, \"group_id\": 2, \"priority_id\": 2, \"state_id\": 4, \"number\": \"31004711\", "
                        + "\"title\": \"WK-2026-000042: Straßenbeleuchtung\", \"state\": \"closed\", \"priority\": \"2 normal\", \"group\": \"Strassenbeleuchtung\"}",
                "/api/v1/ticket_articles/by_ticket/4711?expand=true", "["
                        + "{\"id\": 11, \"ticket_id\": 4711, \"type_id\": 10, \"sender_id\": 1, \"from\": \"Meldeweg\", \"subject\": \"WK-2026-000042\", "
                        + "\"body\": \"Meldung WK-2026-000042 über Meldeweg\", \"content_type\": \"text/plain\", \"internal\": false, "
                        + "\"created_by_id\": 3, \"type\": \"note\", \"sender\": \"Agent\", \"created_by\": \"meldeweg-api\"},"
                        + "{\"id\": 12, \"ticket_id\": 4711, \"body\": \"Bitte Bauhof informieren\", \"content_type\": \"text/html\", \"internal\": true, "
                        + "\"created_by_id\": 7, \"type\": \"note\", \"sender\": \"Agent\"},"
                        + "{\"id\": 13, \"ticket_id\": 4711, \"body\": \"<p>Die Laterne ist repariert.</p>\", \"content_type\": \"text/html\", "
                        + "\"internal\": false, \"created_by_id\": 7, \"type\": \"note\", \"sender\": \"Agent\"},"
                        + "{\"id\": 14, \"ticket_id\": 4711, \"body\": \"Rückfrage vom Kunden\", \"content_type\": \"text/plain\", "
                        + "\"internal\": false, \"created_by_id\": 9, \"type\": \"web\", \"sender\": \"Customer\"}]"));
        ZammadFollower follower = new ZammadFollower("secret-token");
        TicketView view = follower.look("4711", zammad);
        assertThat(view.closed()).isTrue();
        assertThat(view.answers()).containsExactly(new TicketAnswer("zammad:4711:13", "<p>Die Laterne ist repariert.</p>", true));
        assertThat(zammad.headers.get(0)).containsEntry("Authorization", "Token token=secret-token");

        follower.look("4711", zammad);
        assertThat(zammad.requested).as("our own user is asked for once").filteredOn(p -> p.contains("users/me")).hasSize(1);
    }

    @Test
    void redmineRelaysPublicNotesButNotPrivateNotesStatusChangesOrOurOwn() {
        String issue = "{\"issue\": {\"id\": 815, \"project\": {\"id\": 1, \"name\": \"Tiefbau\"}, \"tracker\": {\"id\": 1, \"name\": \"Meldung\"}, "
                + "\"status\": {\"id\": 5, \"name\": \"Erledigt\", \"is_closed\": true}, \"priority\": {\"id\": 2, \"name\": \"Normal\"}, "
                + "\"author\": {\"id\": 4, \"name\": \"Meldeweg API\"}, \"subject\": \"WK-2026-000042: Straße\", \"description\": \"Meldung\", "
                + "\"journals\": ["
                + "{\"id\": 101, \"user\": {\"id\": 8, \"name\": \"Erika Beispiel\"}, \"notes\": \"Wird am Montag verfüllt.\", "
                + "\"created_on\": \"2026-11-28T10:00:00Z\", \"private_notes\": false, \"details\": []},"
                + "{\"id\": 102, \"user\": {\"id\": 8, \"name\": \"Erika Beispiel\"}, \"notes\": \"Interner Vermerk\", "
                + "\"created_on\": \"2026-11-28T10:05:00Z\", \"private_notes\": true, \"details\": []},"
                + "{\"id\": 103, \"user\": {\"id\": 8, \"name\": \"Erika Beispiel\"}, \"notes\": \"\", \"created_on\": \"2026-11-28T11:00:00Z\", "
                + "\"private_notes\": false, \"details\": [{\"property\": \"attr\", \"name\": \"status_id\", \"old_value\": \"1\", \"new_value\": \"5\"}]},"
                + "{\"id\": 104, \"user\": {\"id\": 4, \"name\": \"Meldeweg API\"}, \"notes\": \"Foto nachgereicht\", \"private_notes\": false}]}}";
        FakeSystem redmine = new FakeSystem(Map.of("/users/current.json", "{\"user\": {\"id\": 4, \"login\": \"meldeweg\"}}",
                "/issues/815.json?include=journals", issue));
        TicketView view = new RedmineFollower("key", List.of("Closed")).look("815", redmine);
        assertThat(view.answers()).containsExactly(new TicketAnswer("redmine:815:101", "Wird am Montag verfüllt.", false));
        assertThat(view.closed()).isTrue();
        assertThat(redmine.headers.get(1)).containsEntry("X-Redmine-API-Key", "key");

        // Before Redmine 5.1 the status has no is_closed: the configured names decide.
        String old = "{\"issue\": {\"id\": 815, \"status\": {\"id\": 5, \"name\": \"Closed\"}, \"journals\": []}}";
        assertThat(RedmineFollower.view("815", TestJson.read(old), 4, java.util.Set.of("closed")).closed()).isTrue();
        String open = "{\"issue\": {\"id\": 815, \"status\": {\"id\": 2, \"name\": \"In Bearbeitung\", \"is_closed\": false}, \"journals\": []}}";
        assertThat(RedmineFollower.view("815", TestJson.read(open), 4, java.util.Set.of("closed")).closed()).isFalse();
    }

    @Test
    void znunyRelaysCustomerVisibleAgentArticlesAndKnowsClosedStates() {
        String answer = "{\"Ticket\": [{\"TicketID\": \"1234\", \"TicketNumber\": \"2026112810000012\", \"Title\": \"WK-2026-000042: Straße\", "
                + "\"State\": \"closed successful\", \"StateType\": \"closed\", \"Queue\": \"Tiefbauamt\", \"Article\": ["
                + "{\"ArticleID\": \"5001\", \"SenderType\": \"customer\", \"IsVisibleForCustomer\": 1, \"Body\": \"Meldung WK-2026-000042\", "
                + "\"ContentType\": \"text/plain; charset=utf8\", \"CommunicationChannel\": \"Internal\"},"
                + "{\"ArticleID\": \"5002\", \"SenderType\": \"agent\", \"IsVisibleForCustomer\": 0, \"Body\": \"Intern: Bauhof fragen\", "
                + "\"ContentType\": \"text/plain; charset=utf8\", \"CommunicationChannel\": \"Internal\"},"
                + "{\"ArticleID\": \"5003\", \"SenderType\": \"agent\", \"IsVisibleForCustomer\": 1, \"Body\": \"Das Schlagloch ist verfüllt.\", "
                + "\"ContentType\": \"text/plain; charset=utf8\", \"CommunicationChannel\": \"Email\"}]}]}";
        String path = ZnunyFollower.DEFAULT_PATH + "/1234?UserLogin=meldeweg&Password=p%26w&AllArticles=1&DynamicFields=0";
        FakeSystem znuny = new FakeSystem(Map.of(path, answer));
        TicketView view = new ZnunyFollower("", "meldeweg", "p&w").look("1234", znuny);
        assertThat(view.answers()).containsExactly(new TicketAnswer("znuny:1234:5003", "Das Schlagloch ist verfüllt.", false));
        assertThat(view.closed()).isTrue();

        FakeSystem denied = new FakeSystem(Map.of(path, "{\"Error\": {\"ErrorCode\": \"TicketGet.AccessDenied\", "
                + "\"ErrorMessage\": \"TicketGet: User does not have access to the ticket!\"}}"));
        assertThatThrownBy(() -> new ZnunyFollower("", "meldeweg", "p&w").look("1234", denied))
                .isInstanceOf(TicketFollowException.class).hasMessageContaining("TicketGet.AccessDenied").hasMessageNotContaining("p&w");
    }

    @Test
    void open311RelaysChangedStatusNotesAndClosesOnStatusClosed() {
        String open = "[{\"service_request_id\": \"638344\", \"status\": \"open\", \"status_notes\": null, \"service_name\": \"Schlagloch\", "
                + "\"service_code\": \"006\", \"requested_datetime\": \"2026-11-28T10:00:00+01:00\", \"updated_datetime\": \"2026-11-28T10:00:00+01:00\"}]";
        String closed = "[{\"service_request_id\": \"638344\", \"status\": \"closed\", \"status_notes\": \"Das Schlagloch wurde verfüllt.\", "
                + "\"service_name\": \"Schlagloch\", \"service_code\": \"006\", \"updated_datetime\": \"2026-11-29T09:00:00+01:00\"}]";
        assertThat(new Open311Follower("k").look("638344", new FakeSystem(Map.of("/requests/638344.json?api_key=k", open))))
                .isEqualTo(new TicketView(List.of(), false, null));
        TicketView view = new Open311Follower("k").look("638344", new FakeSystem(Map.of("/requests/638344.json?api_key=k", closed)));
        assertThat(view.closed()).isTrue();
        assertThat(view.answers()).singleElement().satisfies(a -> {
            assertThat(a.text()).isEqualTo("Das Schlagloch wurde verfüllt.");
            assertThat(a.key()).startsWith("open311:638344:");
        });
    }

    @Test
    void open311TokensAreResolvedToTheirRequestFirst() {
        FakeSystem server = new FakeSystem(Map.of(
                "/tokens/12345.json?api_key=k", "[{\"service_request_id\": \"638344\", \"token\": \"12345\"}]",
                "/requests/638344.json?api_key=k", "[{\"service_request_id\": \"638344\", \"status\": \"open\"}]"));
        TicketView view = new Open311Follower("k").look("token:12345", server);
        assertThat(view.resolvedId()).isEqualTo("638344");
        FakeSystem pending = new FakeSystem(Map.of("/tokens/12345.json?api_key=k", "[{\"token\": \"12345\"}]"));
        assertThat(new Open311Follower("k").look("token:12345", pending)).isEqualTo(new TicketView(List.of(), false, null));
    }

    @Test
    void errorsNeverQuoteTheAnswerAndOddIdsAreRefused() {
        FakeSystem broken = new FakeSystem(Map.of());
        assertThatThrownBy(() -> new RedmineFollower("k", List.of()).look("815", broken))
                .isInstanceOf(TicketFollowException.class).hasMessage("redmine: users/current answered HTTP 404");
        assertThatThrownBy(() -> new ZammadFollower("t").look("../admin", broken)).isInstanceOf(TicketFollowException.class);
    }
}
