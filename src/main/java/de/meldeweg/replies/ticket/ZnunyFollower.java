package de.meldeweg.replies.ticket;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Znuny GenericInterface, operation {@code TicketGet} ({@code GET .../Ticket/{TicketID}} of
 * {@code GenericTicketConnectorREST}) with {@code AllArticles=1}. Relayed are articles with
 * {@code IsVisibleForCustomer=1} and {@code SenderType=agent} (our report is a customer article);
 * closed is {@code StateType=closed}. Errors come as HTTP 200 with {@code {"Error": {...}}}.
 *
 * @see <a href="https://github.com/znuny/Znuny/blob/dev/Kernel/GenericInterface/Operation/Ticket/TicketGet.pm">TicketGet.pm</a>
 */
public final class ZnunyFollower implements TicketFollower {

    static final String DEFAULT_PATH = "/znuny/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST/Ticket";

    private final String path;
    private final String user;
    private final String password;

    public ZnunyFollower(String path, String user, String password) {
        this.path = path == null || path.isBlank() ? DEFAULT_PATH : path.strip();
        this.user = user;
        this.password = password;
    }

    @Override
    public String name() {
        return "znuny";
    }

    @Override
    public TicketView look(String ticketId, TicketHttp http) {
        TicketIds.require(ticketId);
        String query = "?UserLogin=" + encode(user) + "&Password=" + encode(password) + "&AllArticles=1&DynamicFields=0";
        JsonNode answer = Json.read(name(), "TicketGet " + ticketId, http.get(path + "/" + ticketId + query, Map.of("Accept", "application/json")));
        return view(ticketId, answer);
    }

    static TicketView view(String ticketId, JsonNode answer) {
        JsonNode error = answer.path("Error");
        if (!error.isMissingNode()) {
            throw new TicketFollowException("znuny: TicketGet " + ticketId + " answered " + Json.text(error.path("ErrorCode")));
        }
        JsonNode ticket = answer.path("Ticket").path(0);
        if (!ticket.isObject()) {
            throw new TicketFollowException("znuny: TicketGet " + ticketId + " answered without Ticket");
        }
        String stateType = Json.text(ticket.path("StateType"));
        boolean closed = stateType != null && stateType.toLowerCase(Locale.ROOT).equals("closed");
        List<TicketAnswer> answers = new ArrayList<>();
        for (JsonNode article : ticket.path("Article")) {
            String id = Json.text(article.path("ArticleID"));
            String body = Json.text(article.path("Body"));
            if (id == null || body == null || !Json.truthy(article.path("IsVisibleForCustomer"))
                    || !"agent".equalsIgnoreCase(Json.text(article.path("SenderType")))) {
                continue;
            }
            String contentType = Json.text(article.path("ContentType"));
            answers.add(new TicketAnswer("znuny:" + ticketId + ":" + id, body,
                    contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/html")));
        }
        return TicketView.of(answers, closed);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
