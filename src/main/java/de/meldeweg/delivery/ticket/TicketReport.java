package de.meldeweg.delivery.ticket;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a ticket system gets of a case. There is deliberately no field for the citizen (no phone
 * number, no name): tickets are pseudonymous, {@code text} is already pseudonymized.
 *
 * @param reference      the case reference, e.g. {@code WK-2026-000042}; appears literally in every ticket request
 * @param queue          Zammad group, Znuny queue or Redmine project identifier of the department
 * @param serviceCode    Open311 service_code of the category
 * @param latitude       optional (null), WGS84
 * @param longitude      optional (null), WGS84
 * @param address        optional (null)
 */
public record TicketReport(String reference,
                           String categoryCode, String categoryName,
                           String departmentName, String queue,
                           String serviceCode,
                           String text,
                           List<TicketPhoto> photos,
                           boolean urgent,
                           Double latitude, Double longitude, String address,
                           Instant receivedAt) {

    public TicketReport {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(receivedAt, "receivedAt");
        text = text == null ? "" : text;
        photos = photos == null ? List.of() : List.copyOf(photos);
    }

    /** Both coordinates are known. */
    public boolean hasCoordinates() {
        return latitude != null && longitude != null;
    }

    /** Without the citizen's text, so that a report can be logged. */
    @Override
    public String toString() {
        return "TicketReport[" + reference + ", " + categoryCode + ", " + queue + ", " + photos.size() + " photos"
                + (urgent ? ", urgent" : "") + "]";
    }
}
