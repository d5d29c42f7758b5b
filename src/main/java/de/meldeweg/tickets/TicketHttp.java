package de.meldeweg.tickets;

/**
 * Sends one request to the configured ticket system (in the service: {@link TicketCalls}, through
 * the route {@code ticket-call}); an answer of any status comes back, only no answer at all throws.
 */
@FunctionalInterface
public interface TicketHttp {

    Response call(TicketRequest request);

    /**
     * Sends a ticket system's photo uploads one after the other (Redmine's {@code uploads.json}) and
     * returns their answers' bodies in order, for the request that names them; a refused upload throws.
     */
    default java.util.List<String> upload(String system, java.util.List<TicketRequest> uploads) {
        java.util.List<String> answers = new java.util.ArrayList<>();
        for (TicketRequest upload : uploads) {
            Response answer = call(upload);
            if (!answer.ok()) {
                throw new IllegalStateException(system + " upload answered HTTP " + answer.status());
            }
            answers.add(answer.body());
        }
        return answers;
    }

    /** The status and body of an answer. */
    record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }
}
