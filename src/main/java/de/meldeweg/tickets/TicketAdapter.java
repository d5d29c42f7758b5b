package de.meldeweg.tickets;

import java.util.List;
import java.util.Optional;

/**
 * Everything Meldeweg does with one ticket system: create a ticket for a report, add the erasure
 * note, add late photos, adopt a ticket after a crash, and follow a ticket's answers and state.
 * The request builders are pure (nothing is sent); {@link #adopt}, {@link #look} and
 * {@link #noteNotPrivate} send through the {@link TicketHttp} they are given.
 *
 * <p>Order for a report: every request of {@link #uploads}, then {@link #create} with the bodies of
 * the upload answers (same order), then {@link #ticketId} on the answer to the create request.
 */
public interface TicketAdapter {

    TicketSystem system();

    /** {@code zammad}, {@code znuny}, {@code redmine} or {@code open311}. */
    default String name() {
        return system().code();
    }

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
     * Reads the note just added back and says whether the system kept it private. Only Redmine can
     * turn a private note into a public one silently (a role without "Set notes as private"); the
     * others answer true without asking.
     *
     * @return empty when it is private, otherwise why not
     */
    default Optional<String> noteNotPrivate(String ticketId, String subject, TicketHttp http) {
        return Optional.empty();
    }

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
     * Whether a ticket this service created can be recognised for sure after a crash: only by a
     * field the service itself set with the create (Zammad: a tag carrying the delivery's secret;
     * Redmine: the reference in the configured custom field), never by a title that merely
     * contains the reference.
     */
    default boolean canAdopt() {
        return false;
    }

    /**
     * Looks for the ticket an earlier, interrupted create of {@code report} made, and returns its id
     * only when the field the service set matches exactly.
     *
     * @throws TicketResponseException if the system answers with an error
     */
    default Optional<String> adopt(TicketReport report, TicketHttp http) {
        return Optional.empty();
    }

    /**
     * Looks at one ticket: its public answers written by an agent, and whether it is closed.
     *
     * @throws TicketFollowException when the system does not answer as expected (retried later)
     */
    TicketView look(String ticketId, TicketHttp http);
}
