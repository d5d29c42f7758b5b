package de.meldeweg.replies.ticket;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Redmine: {@code GET /issues/{id}.json?include=journals}. Relayed are journals with
 * {@code notes} that are not {@code private_notes} and were not written by our own API user
 * ({@code GET /users/current.json}). Closed is a status with {@code "is_closed": true} (Redmine
 * 5.1 and later), or one of the configured closed status names for older versions.
 *
 * @see <a href="https://www.redmine.org/projects/redmine/wiki/Rest_Issues">Redmine: Issues</a>
 */
public final class RedmineFollower implements TicketFollower {

    private final Map<String, String> headers;
    private final Set<String> closedNames;
    private volatile Long ownUserId;

    public RedmineFollower(String apiKey, List<String> closedNames) {
        this.headers = Map.of("X-Redmine-API-Key", apiKey, "Accept", "application/json");
        this.closedNames = closedNames.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    @Override
    public String name() {
        return "redmine";
    }

    @Override
    public TicketView look(String ticketId, TicketHttp http) {
        TicketIds.require(ticketId);
        if (ownUserId == null) {
            JsonNode me = Json.read(name(), "users/current", http.get("/users/current.json", headers));
            if (!me.path("user").path("id").canConvertToLong()) {
                throw new TicketFollowException("redmine: users/current answered without user.id");
            }
            ownUserId = me.path("user").path("id").asLong();
        }
        JsonNode issue = Json.read(name(), "issue " + ticketId, http.get("/issues/" + ticketId + ".json?include=journals", headers));
        return view(ticketId, issue, ownUserId, closedNames);
    }

    static TicketView view(String ticketId, JsonNode answer, long ownUserId, Set<String> closedNames) {
        JsonNode issue = answer.path("issue");
        if (!issue.isObject()) {
            throw new TicketFollowException("redmine: issue " + ticketId + " answered without issue");
        }
        JsonNode status = issue.path("status");
        String statusName = Json.text(status.path("name"));
        boolean closed = status.has("is_closed") ? Json.truthy(status.path("is_closed"))
                : statusName != null && closedNames.contains(statusName.toLowerCase(Locale.ROOT));
        List<TicketAnswer> answers = new ArrayList<>();
        for (JsonNode journal : issue.path("journals")) {
            String id = Json.text(journal.path("id"));
            String notes = Json.text(journal.path("notes"));
            if (id == null || notes == null || Json.truthy(journal.path("private_notes"))
                    || journal.path("user").path("id").asLong(-1) == ownUserId) {
                continue;
            }
            answers.add(new TicketAnswer("redmine:" + ticketId + ":" + id, notes, false));
        }
        return TicketView.of(answers, closed);
    }
}
