package de.meldeweg.delivery.ticket;

import java.util.List;

/**
 * Builds the requests of one ticket system and reads its answers. Pure: nothing is sent here.
 * Order for a report: every request of {@link #uploads}, then {@link #create} with the bodies of
 * the upload answers (same order), then {@link #ticketId} on the answer to the create request.
 */
public interface TicketPreset {

    /** {@code zammad}, {@code znuny}, {@code redmine} or {@code open311}. */
    String name();

    /** Requests to run before the ticket is created (Redmine: one {@code /uploads.json} per photo); empty for the others. */
    List<TicketRequest> uploads(TicketReport report);

    /** The ticket creation request; {@code uploadResponses} are the bodies of the answers to {@link #uploads}, in order. */
    TicketRequest create(TicketReport report, List<String> uploadResponses);

    /**
     * The external ticket id from the answer to {@link #create}.
     *
     * @throws TicketResponseException if the answer carries no id (an error, or a shape we do not know)
     */
    String ticketId(int status, String responseBody);
}
