package de.meldeweg.support;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds webhook bodies in the shape of the WhatsApp Cloud API (see the fixtures), for the
 * message types and batches the fixtures do not cover. Every message gets a fresh id.
 */
public final class Payloads {

    private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private Payloads() {
    }

    public static String newWamid() {
        String raw = "4917612340001" + SEQUENCE.incrementAndGet();
        return "wamid.HBgN" + java.util.Base64.getEncoder().encodeToString(raw.getBytes()).replace("=", "") + "AA==";
    }

    public static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** One change with the given messages from one contact. */
    public static String messages(String phoneNumberId, String waId, String name, String... messages) {
        return envelope(change(phoneNumberId, contact(waId, name), List.of(messages), List.of()));
    }

    public static String envelope(String... changes) {
        return "{\n  \"object\": \"whatsapp_business_account\",\n  \"entry\": [\n    {\n      \"id\": \"102233445566778\",\n"
                + "      \"changes\": [\n" + String.join(",\n", changes) + "\n      ]\n    }\n  ]\n}";
    }

    public static String entries(String... entries) {
        return "{\n  \"object\": \"whatsapp_business_account\",\n  \"entry\": [\n" + String.join(",\n", entries) + "\n  ]\n}";
    }

    public static String entry(String... changes) {
        return "    {\n      \"id\": \"102233445566778\",\n      \"changes\": [\n" + String.join(",\n", changes) + "\n      ]\n    }";
    }

    public static String contact(String waId, String name) {
        return "{\"profile\": {\"name\": \"" + name + "\"}, \"wa_id\": \"" + waId + "\"}";
    }

    public static String change(String phoneNumberId, String contacts, List<String> messages, List<String> statuses) {
        StringBuilder value = new StringBuilder();
        value.append("\"messaging_product\": \"whatsapp\", \"metadata\": {\"display_phone_number\": \"4970511670000\", \"phone_number_id\": \"")
                .append(phoneNumberId).append("\"}");
        if (contacts != null) {
            value.append(", \"contacts\": [").append(contacts).append("]");
        }
        if (!messages.isEmpty()) {
            value.append(", \"messages\": [").append(String.join(", ", messages)).append("]");
        }
        if (!statuses.isEmpty()) {
            value.append(", \"statuses\": [").append(String.join(", ", statuses)).append("]");
        }
        return "        {\"value\": {" + value + "}, \"field\": \"messages\"}";
    }

    public static String text(String from, String wamid, String body) {
        return "{\"from\": \"" + from + "\", \"id\": \"" + wamid + "\", \"timestamp\": \"" + now()
                + "\", \"type\": \"text\", \"text\": {\"body\": \"" + body + "\"}}";
    }

    /** A message of any type with its type-specific object, e.g. {@code "sticker", "{\"id\": \"1\"}"}. */
    public static String typed(String from, String wamid, String type, String content) {
        return "{\"from\": \"" + from + "\", \"id\": \"" + wamid + "\", \"timestamp\": \"" + now()
                + "\", \"type\": \"" + type + "\"" + (content == null ? "" : ", \"" + type + "\": " + content) + "}";
    }

    public static String status(String wamid, String status, String recipient) {
        return "{\"id\": \"" + wamid + "\", \"status\": \"" + status + "\", \"timestamp\": \"" + now()
                + "\", \"recipient_id\": \"" + recipient + "\"}";
    }
}
