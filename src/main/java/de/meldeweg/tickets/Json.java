package de.meldeweg.tickets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Reading ticket system answers; an error never quotes the body (it may carry the ticket's text). */
final class Json {

    private Json() {
    }

    static JsonNode read(ObjectMapper mapper, String system, String what, TicketHttp.Response response) {
        if (!response.ok()) {
            throw new TicketFollowException(system + ": " + what + " answered HTTP " + response.status());
        }
        try {
            return mapper.readTree(response.body() == null ? "" : response.body());
        } catch (Exception e) {
            throw new TicketFollowException(system + ": " + what + " answered something that is not JSON");
        }
    }

    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainer()) {
            return null;
        }
        String s = node.asString("").strip();
        return s.isEmpty() ? null : s;
    }

    /** Whether any of {@code values} (an id, a login, a name) is listed in {@code ignored}. */
    static boolean anyIn(java.util.List<String> ignored, JsonNode... values) {
        if (ignored.isEmpty()) {
            return false;
        }
        for (JsonNode value : values) {
            String s = text(value);
            if (s != null && ignored.stream().anyMatch(i -> i.equalsIgnoreCase(s))) {
                return true;
            }
        }
        return false;
    }

    /** true, 1, "1", "true". */
    static boolean truthy(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        String s = node.asString("").strip();
        return s.equals("1") || s.equalsIgnoreCase("true");
    }
}
