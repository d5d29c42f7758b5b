package de.meldeweg.tickets;

/**
 * A ticket system's answer without the id we need: an error answer, or one we cannot read.
 * {@link #ticketMayExist()} is true when the system answered success but we found no id: then a
 * ticket may have been created, and simply retrying could create a second one.
 */
public class TicketResponseException extends RuntimeException {

    private final String system;
    private final int status;
    private final boolean ticketMayExist;

    public TicketResponseException(String system, int status, String message, boolean ticketMayExist) {
        super(system + (status > 0 ? " (HTTP " + status + ")" : "") + ": " + message);
        this.system = system;
        this.status = status;
        this.ticketMayExist = ticketMayExist;
    }

    /** An error answer: nothing was created. */
    static TicketResponseException error(String system, int status, String message) {
        return new TicketResponseException(system, status, message, false);
    }

    /** A success answer without an id we could read. */
    static TicketResponseException withoutId(String system, int status, String message) {
        return new TicketResponseException(system, status, message, true);
    }

    public String system() {
        return system;
    }

    /** HTTP status of the answer; 0 when not known (an upload answer handed to create). */
    public int status() {
        return status;
    }

    public boolean ticketMayExist() {
        return ticketMayExist;
    }
}
