package de.meldeweg.intake;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * A citizen's message that intake has not seen before, with its sender registered: what the
 * decisions in {@code intake-message} look at. {@code key} is the keyed hash of the message id.
 */
public record InboundMessage(String key, long citizen, long eventId, String type, JsonNode node, Instant sentAt,
                             Instant receivedAt) {

    /** The content object of the message's type ({@code text}, {@code image}, {@code reaction} ...). */
    public JsonNode content() {
        return node.path(type);
    }

    /** The body of a text message, null for every other type. */
    public String body() {
        return "text".equals(type) ? content().path("body").asString(null) : null;
    }

    /** What the city's safety rules read: the text, or the caption of a photo; null otherwise. */
    public String safetyText() {
        return switch (type) {
            case "text" -> body();
            case "image" -> content().path("caption").asString(null);
            default -> null;
        };
    }
}
