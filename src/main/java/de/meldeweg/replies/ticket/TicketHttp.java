package de.meldeweg.replies.ticket;

import java.util.Map;

/** A GET against the ticket system ({@code path} relative to meldeweg.ticket.base-url). */
@FunctionalInterface
public interface TicketHttp {

    Response get(String path, Map<String, String> headers);

    /** The status and body of an answer. */
    record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }
}
