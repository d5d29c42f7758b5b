package de.meldeweg.tickets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The request templates in {@code <meldeweg.templates-dir>/tickets/}, read on every use so that an
 * admin's edit counts from the next ticket.
 *
 * <p>Placeholders are {@code {{name}}} or {@code {{name|fallback}}} (fallback text when the value is
 * empty). Nothing else is interpreted: no expressions, no loops, no file access. A value is never
 * scanned again, so a citizen writing {@code {{token}}} gets exactly that text into the ticket.
 *
 * <ul>
 *   <li><b>JSON templates</b>: inside a string literal ({@code "Meldung {{reference}}"}) a value is
 *       JSON-escaped; outside ({@code "uploads": {{attachments}}}) it becomes a whole JSON value
 *       (string, number, array, or {@code null}). Members that end up {@code null} are dropped, so
 *       optional fields vanish when a report has no value for them. The result must parse as a JSON
 *       object.</li>
 *   <li><b>Form templates</b>: one {@code field=value} per line, {@code #} starts a comment line,
 *       {@code \n} in a value is a line break. Values are form-encoded (UTF-8); a field whose value
 *       ends up empty is left out.</li>
 * </ul>
 * An unknown placeholder is an error that names the file, the line and the known placeholders.
 */
public final class TicketTemplates {

    public static final String DIRECTORY = "tickets";

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    private final Path directory;
    private final ObjectMapper mapper;

    /**
     * @param templatesDir {@code meldeweg.templates-dir}; the ticket templates are in its {@code tickets/} folder
     * @param mapper       the service's one JSON mapper
     */
    public TicketTemplates(Path templatesDir, ObjectMapper mapper) {
        this.directory = templatesDir.resolve(DIRECTORY);
        this.mapper = mapper;
    }

    /** The JSON mapper the adapters read answers and write requests with. */
    ObjectMapper mapper() {
        return mapper;
    }

    public Path file(String name) {
        return directory.resolve(name);
    }

    String read(String name) {
        Path file = file(name);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Ticket template " + file.toAbsolutePath()
                    + " cannot be read (meldeweg.templates-dir)", e);
        }
    }

    /** Fills in a JSON template; the result is an object without null members. */
    ObjectNode json(String name, Map<String, Object> values) {
        String template = read(name);
        StringBuilder out = new StringBuilder(template.length() + 256);
        boolean inString = false;
        int i = 0;
        while (i < template.length()) {
            if (template.startsWith("{{", i)) {
                int end = closing(template, i, name);
                Placeholder placeholder = Placeholder.parse(template.substring(i + 2, end), file(name), line(template, i));
                Object value = placeholder.value(values, file(name), line(template, i));
                out.append(inString ? inJsonString(value, placeholder, name, line(template, i)) : jsonValue(value));
                i = end + 2;
                continue;
            }
            char c = template.charAt(i);
            if (inString && c == '\\' && i + 1 < template.length()) {
                out.append(c).append(template.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '"') {
                inString = !inString;
            }
            out.append(c);
            i++;
        }
        JsonNode parsed;
        try {
            parsed = mapper.readTree(out.toString());
        } catch (JacksonException e) {
            throw new IllegalStateException("Ticket template " + file(name) + " is not valid JSON once filled in: "
                    + e.getOriginalMessage() + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw new IllegalStateException("Ticket template " + file(name) + " must be a JSON object { ... }");
        }
        dropNulls(object);
        return object;
    }

    /** Fills in a form template: the fields in order, not yet encoded. */
    List<Map.Entry<String, String>> form(String name, Map<String, Object> values) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        String[] lines = read(name).split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String field = eq < 0 ? "" : line.substring(0, eq).strip();
            if (field.isEmpty() || field.contains("{{")) {
                throw new IllegalStateException("Ticket template " + file(name) + ", line " + (n + 1)
                        + ": expected field=value with a literal field name");
            }
            String value = formValue(line.substring(eq + 1), values, name, n + 1);
            if (!value.isEmpty()) {
                fields.add(Map.entry(field, value));
            }
        }
        return fields;
    }

    private String formValue(String template, Map<String, Object> values, String name, int line) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            if (template.startsWith("{{", i)) {
                int end = closing(template, i, name);
                Placeholder placeholder = Placeholder.parse(template.substring(i + 2, end), file(name), line);
                Object value = placeholder.value(values, file(name), line);
                if (value instanceof List<?> || value instanceof Map<?, ?>) {
                    throw new IllegalStateException("Ticket template " + file(name) + ", line " + line
                            + ": {{" + placeholder.name + "}} is a list and cannot stand in a form field");
                }
                out.append(placeholder.orFallback(text(value)));
                i = end + 2;
                continue;
            }
            char c = template.charAt(i);
            if (c == '\\' && i + 1 < template.length() && (template.charAt(i + 1) == 'n' || template.charAt(i + 1) == '\\')) {
                out.append(template.charAt(i + 1) == 'n' ? '\n' : '\\');
                i += 2;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString().strip();
    }

    private int closing(String template, int start, String name) {
        int end = template.indexOf("}}", start + 2);
        if (end < 0) {
            throw new IllegalStateException("Ticket template " + file(name) + ", line " + line(template, start)
                    + ": {{ without }}");
        }
        return end;
    }

    private static int line(String template, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (template.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private String inJsonString(Object value, Placeholder placeholder, String name, int line) {
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            throw new IllegalStateException("Ticket template " + file(name) + ", line " + line + ": {{"
                    + placeholder.name + "}} is a list; write it outside quotes, e.g. \"field\": {{" + placeholder.name + "}}");
        }
        String quoted = jsonValue(placeholder.orFallback(text(value)));
        return quoted.substring(1, quoted.length() - 1);
    }

    private String jsonValue(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JacksonException e) {
            throw new IllegalStateException("Value cannot be written as JSON", e);
        }
    }

    /** A value as plain text: numbers without exponent, null as empty. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return BigDecimal.valueOf(d).toPlainString();
        }
        return value.toString();
    }

    private static void dropNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> nulls = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (field.getValue().isNull()) {
                    nulls.add(field.getKey());
                } else {
                    dropNulls(field.getValue());
                }
            }
            object.remove(nulls);
        } else if (node.isArray()) {
            node.forEach(TicketTemplates::dropNulls);
        }
    }

    private record Placeholder(String name, String fallback) {

        static Placeholder parse(String inner, Path template, int line) {
            int bar = inner.indexOf('|');
            String name = (bar < 0 ? inner : inner.substring(0, bar)).strip();
            if (!NAME.matcher(name).matches()) {
                throw new IllegalStateException("Ticket template " + template + ", line " + line
                        + ": {{" + inner + "}} is not a placeholder name");
            }
            return new Placeholder(name, bar < 0 ? null : inner.substring(bar + 1));
        }

        Object value(Map<String, Object> values, Path template, int line) {
            if (!values.containsKey(name)) {
                throw new IllegalStateException("Ticket template " + template + ", line " + line + ": unknown placeholder {{"
                        + name + "}}; known are " + String.join(", ", values.keySet()));
            }
            Object value = values.get(name);
            if (fallback != null && (value == null || text(value).isEmpty())) {
                return fallback;
            }
            return value;
        }

        String orFallback(String text) {
            return text.isEmpty() && fallback != null ? fallback : text;
        }
    }
}
