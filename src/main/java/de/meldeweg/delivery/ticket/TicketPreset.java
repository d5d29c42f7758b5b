package de.meldeweg.delivery.ticket;

import java.util.List;
import java.util.Optional;

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

    /**
     * The request that adds an internal note to the existing ticket {@code ticketId} (used when a
     * citizen withdrew consent); empty when the system has no call for it (Open311 GeoReport v2).
     */
    Optional<TicketRequest> note(String ticketId, String subject, String text);

    /**
     * Checks the answer to {@link #note}.
     *
     * @throws TicketResponseException if the system did not take the note
     */
    void noteAccepted(int status, String responseBody);

    /**
     * Whether photos can be added to a ticket once it exists (late photos). Open311 cannot:
     * GeoReport v2 has no call to change a request.
     */
    default boolean takesPhotosLater() {
        return true;
    }

    /** Requests to run before {@link #photos} (Redmine: one {@code /uploads.json} per photo); empty for the others. */
    default List<TicketRequest> photoUploads(TicketReport photos) {
        return List.of();
    }

    /**
     * The request that adds photos fetched late to the existing ticket {@code ticketId}, from the
     * system's photo template; {@code photos} is the case's report carrying only those photos, and
     * {@code uploadResponses} the answers to {@link #photoUploads}. Empty when the system cannot.
     */
    default Optional<TicketRequest> photos(String ticketId, TicketReport photos, List<String> uploadResponses) {
        return Optional.empty();
    }

    /**
     * Checks the answer to {@link #photos}.
     *
     * @throws TicketResponseException if the system did not take them
     */
    default void photosAccepted(int status, String responseBody) {
        noteAccepted(status, responseBody);
    }

    /**
     * A request that looks for the ticket of {@code reference}, for a create whose outcome is
     * unknown (the process died after sending it); empty when the system cannot search.
     */
    default Optional<TicketRequest> find(String reference) {
        return Optional.empty();
    }

    /**
     * The id of the ticket whose title carries {@code reference}, from the answer to {@link #find};
     * empty when there is none.
     *
     * @throws TicketResponseException if the answer is an error
     */
    default Optional<String> found(String reference, int status, String responseBody) {
        return Optional.empty();
    }
}
