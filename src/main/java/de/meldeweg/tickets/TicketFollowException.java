package de.meldeweg.tickets;

/** A ticket system answered a follow-up request with an error or a shape we do not know. */
public class TicketFollowException extends RuntimeException {

    public TicketFollowException(String message) {
        super(message);
    }
}
