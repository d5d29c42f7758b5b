package de.meldeweg.tickets;

/**
 * Sends one request to the configured ticket system (in the service: {@link TicketCalls}, through
 * the route {@code ticket-call}); an answer of any status comes back, only no answer at all throws.
 */
@FunctionalInterface
public interface TicketHttp {

    Response call(TicketRequest request);

    /** The status and body of an answer. */
    record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }
}
