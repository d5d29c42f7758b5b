package de.meldeweg.replies.ticket;

/**
 * Follows tickets of one system: asks for a ticket's state and its articles or journals, and
 * says which of them are public answers from the department.
 */
public interface TicketFollower {

    /** {@code zammad}, {@code znuny}, {@code redmine} or {@code open311}. */
    String name();

    /**
     * Looks at one ticket.
     *
     * @throws TicketFollowException when the system does not answer as expected (retried later)
     */
    TicketView look(String ticketId, TicketHttp http);
}
