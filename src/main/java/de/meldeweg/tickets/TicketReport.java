package de.meldeweg.tickets;

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
 * @param adoptionKey    a secret of this delivery that the create request carries where the system keeps it (Zammad
 *                       tag), so that a ticket made by an interrupted attempt is recognised for sure; null: none
 * @param ticketFields   extra fields of the ticket for the case's category ({@code ticket-fields:} in the directory),
 *                       e.g. Redmine {@code category_id}; set into the system's ticket object, never over the reference
 */
public record TicketReport(String reference,
                           String categoryCode, String categoryName,
                           String departmentName, String queue,
                           String serviceCode,
                           String text,
                           List<TicketPhoto> photos,
                           boolean urgent,
                           Double latitude, Double longitude, String address,
                           Instant receivedAt,
                           String adoptionKey,
                           java.util.Map<String, Object> ticketFields) {

    public TicketReport(String reference, String categoryCode, String categoryName, String departmentName, String queue,
                        String serviceCode, String text, List<TicketPhoto> photos, boolean urgent,
                        Double latitude, Double longitude, String address, Instant receivedAt) {
        this(reference, categoryCode, categoryName, departmentName, queue, serviceCode, text, photos, urgent,
                latitude, longitude, address, receivedAt, null, null);
    }

    /** The same report, carrying the delivery's adoption secret and the category's ticket fields. */
    public TicketReport with(String adoptionKey, java.util.Map<String, Object> ticketFields) {
        return new TicketReport(reference, categoryCode, categoryName, departmentName, queue, serviceCode, text, photos, urgent,
                latitude, longitude, address, receivedAt, adoptionKey, ticketFields);
    }

    public TicketReport {
        ticketFields = ticketFields == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ticketFields));
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
