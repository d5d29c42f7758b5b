package de.meldeweg.tickets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

final class TestJson {

    private TestJson() {
    }

    static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
