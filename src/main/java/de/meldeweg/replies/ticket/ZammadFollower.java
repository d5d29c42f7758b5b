package de.meldeweg.replies.ticket;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Zammad: {@code GET /api/v1/tickets/{id}?expand=true} for the state ({@code "state": "closed"}),
 * {@code GET /api/v1/ticket_articles/by_ticket/{id}?expand=true} for the articles. Relayed are
 * articles with {@code "internal": false} whose sender is not {@code Customer} or {@code System}
 * and which our own integration user ({@code GET /api/v1/users/me}) did not write: that is the
 * first article, the forwarded report itself.
 *
 * @see <a href="https://docs.zammad.org/en/latest/api/ticket/articles.html">Zammad: Articles</a>
 */
public final class ZammadFollower implements TicketFollower {

    static final Set<String> CLOSED = Set.of("closed", "merged");

    private final Map<String, String> headers;
    private volatile Long ownUserId;

    public ZammadFollower(String token) {
        this.headers = Map.of("Authorization", "Token token=" + token, "Accept", "application/json");
    }

    @Override
    public String name() {
        return "zammad";
    }

    @Override
    public TicketView look(String ticketId, TicketHttp http) {
        TicketIds.require(ticketId);
        if (ownUserId == null) {
            JsonNode me = Json.read(name(), "users/me", http.get("/api/v1/users/me", headers));
            if (!me.path("id").canConvertToLong()) {
                throw new TicketFollowException("zammad: users/me answered without id");
            }
            ownUserId = me.path("id").asLong();
        }
        JsonNode ticket = Json.read(name(), "ticket " + ticketId, http.get("/api/v1/tickets/" + ticketId + "?expand=true", headers));
        JsonNode articles = Json.read(name(), "articles of ticket " + ticketId,
                http.get("/api/v1/ticket_articles/by_ticket/" + ticketId + "?expand=true", headers));
        return view(ticketId, ticket, articles, ownUserId);
    }

    static TicketView view(String ticketId, JsonNode ticket, JsonNode articles, long ownUserId) {
        String state = Json.text(ticket.path("state"));
        boolean closed = state != null && CLOSED.contains(state.toLowerCase(Locale.ROOT));
        List<TicketAnswer> answers = new ArrayList<>();
        if (!articles.isArray()) {
            throw new TicketFollowException("zammad: articles of ticket " + ticketId + " are not a list");
        }
        for (JsonNode article : articles) {
            String id = Json.text(article.path("id"));
            String sender = Json.text(article.path("sender"));
            String body = Json.text(article.path("body"));
            if (id == null || body == null || Json.truthy(article.path("internal"))
                    || "Customer".equalsIgnoreCase(sender) || "System".equalsIgnoreCase(sender)
                    || article.path("created_by_id").asLong(-1) == ownUserId) {
                continue;
            }
            String contentType = Json.text(article.path("content_type"));
            answers.add(new TicketAnswer("zammad:" + ticketId + ":" + id, body,
                    contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/html")));
        }
        return TicketView.of(answers, closed);
    }
}
