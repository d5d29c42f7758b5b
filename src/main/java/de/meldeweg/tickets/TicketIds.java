package de.meldeweg.tickets;

/** Ticket ids go into request paths: only what ticket systems hand out is accepted. */
final class TicketIds {

    private TicketIds() {
    }

    static void require(String ticketId) {
        if (ticketId == null || !ticketId.matches("[A-Za-z0-9_.:-]{1,100}")) {
            throw new TicketFollowException("ticket id is not usable in a request path");
        }
    }
}
