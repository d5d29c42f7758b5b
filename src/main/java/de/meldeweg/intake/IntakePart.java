package de.meldeweg.intake;

import tools.jackson.databind.JsonNode;

/**
 * One part of a stored webhook event that intake decides on: a {@code message}, a {@code status}
 * of one of our own messages, an {@code error} WhatsApp reports, or a {@code call}. {@code contacts}
 * is the {@code contacts[]} list of the change the part came in (who sent it).
 */
public record IntakePart(String kind, long eventId, JsonNode node, JsonNode contacts) {

    public static final String MESSAGE = "message";
    public static final String STATUS = "status";
    public static final String ERROR = "error";
    public static final String CALL = "call";
}
