package de.meldeweg.whatsapp;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An approved WhatsApp message template with its body parameters, as kept in the outbox. WhatsApp
 * refuses parameters with line breaks, tabs or more than four spaces in a row, so they are folded
 * to single spaces here.
 *
 * @see <a href="https://developers.facebook.com/docs/whatsapp/cloud-api/guides/send-message-templates">Send message templates</a>
 */
public record TemplateMessage(String name, String language, List<String> parameters) {

    public TemplateMessage {
        parameters = parameters.stream().map(TemplateMessage::parameter).toList();
    }

    static String parameter(String value) {
        return value == null ? "" : value.replaceAll("\\s+", " ").strip();
    }

    String toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", name);
        node.put("language", language);
        ArrayNode list = node.putArray("parameters");
        parameters.forEach(list::add);
        return node.toString();
    }

    static TemplateMessage fromJson(ObjectMapper mapper, String json) {
        try {
            JsonNode node = mapper.readTree(json);
            List<String> parameters = new ArrayList<>();
            node.path("parameters").forEach(p -> parameters.add(p.asString("")));
            return new TemplateMessage(node.path("name").asString(""), node.path("language").asString(""), parameters);
        } catch (Exception e) {
            throw new IllegalStateException("stored template message is not readable", e);
        }
    }

    /** The {@code template} object of a Graph API message request. */
    ObjectNode requestObject() {
        ObjectNode template = JsonNodeFactory.instance.objectNode();
        template.put("name", name);
        template.putObject("language").put("code", language);
        ArrayNode components = template.putArray("components");
        ObjectNode body = components.addObject();
        body.put("type", "body");
        ArrayNode list = body.putArray("parameters");
        for (String parameter : parameters) {
            ObjectNode p = list.addObject();
            p.put("type", "text");
            p.put("text", parameter);
        }
        return template;
    }
}
