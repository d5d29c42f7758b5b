package de.meldeweg.cases;

import java.util.Optional;

/**
 * Whether the configured ticket system can take photos once its ticket exists. Open311
 * (GeoReport v2) cannot: it has no call to change a request after it was created.
 */
public interface TicketPhotoSupport {

    /** Why a late photo cannot be added to the ticket; empty when it can. */
    Optional<String> latePhotosNotPossible();
}
