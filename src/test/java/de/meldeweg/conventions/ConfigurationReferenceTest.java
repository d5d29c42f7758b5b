package de.meldeweg.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The configuration reference docs/configuration.md, generated from the one place every default
 * lives (src/main/resources/application.yaml, its comments) and the metadata that
 * spring-boot-configuration-processor writes for the {@code @ConfigurationProperties} records
 * (target/classes/META-INF/spring-configuration-metadata.json: types, descriptions from
 * {@code @param}).
 *
 * <pre>mvn -B -Dtest=ConfigurationReferenceTest -Dmeldeweg.docs.write=true test</pre>
 * writes the file; without the flag the test checks that the settings of the typed groups
 * (intake, whatsapp) each say what they mean.
 */
class ConfigurationReferenceTest {

    private static final Path DEFAULTS = Path.of("src/main/resources/application.yaml");
    private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");
    private static final Path REFERENCE = Path.of("docs/configuration.md");
    private static final Pattern ENTRY = Pattern.compile("^(\\s*)(\"?\\[?[^\\s:#\"\\]]+\\]?\"?):\\s*(.*)$");

    record Setting(String name, String value, String meaning, String type) {
    }

    @Test
    void everyTypedSettingSaysWhatItMeans() throws IOException {
        List<Setting> settings = settings();
        assertThat(settings).extracting(Setting::name).contains("meldeweg.time-zone", "meldeweg.intake.poll-interval",
                "meldeweg.whatsapp.connect-timeout");
        assertThat(settings).filteredOn(s -> s.name().startsWith("meldeweg.intake.") || s.name().startsWith("meldeweg.whatsapp."))
                .filteredOn(s -> s.meaning().isBlank()).extracting(Setting::name).as("settings without a meaning").isEmpty();
        if (Boolean.getBoolean("meldeweg.docs.write")) {
            Files.writeString(REFERENCE, render(settings), StandardCharsets.UTF_8);
        }
    }

    /** meldeweg.* from application.yaml, each with its default and the comment above it. */
    static List<Setting> settings() throws IOException {
        Map<String, JsonNode> metadata = metadata();
        List<Setting> settings = new ArrayList<>();
        Deque<String[]> path = new ArrayDeque<>(); // {indent, key}
        List<String> comment = new ArrayList<>();
        for (String line : Files.readAllLines(DEFAULTS, StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#")) {
                comment.add(trimmed.substring(1).strip());
                continue;
            }
            Matcher entry = ENTRY.matcher(line);
            if (trimmed.isEmpty() || !entry.matches()) {
                comment.clear();
                continue;
            }
            int indent = entry.group(1).length();
            while (!path.isEmpty() && Integer.parseInt(path.peek()[0]) >= indent) {
                path.pop();
            }
            String key = entry.group(2).replace("\"", "").replace("[", "").replace("]", "");
            path.push(new String[] {Integer.toString(indent), key});
            String value = entry.group(3).replaceAll("\\s+#.*$", "").strip();
            List<String> keys = new ArrayList<>();
            path.descendingIterator().forEachRemaining(p -> keys.add(p[1]));
            String name = String.join(".", keys);
            if (!value.isEmpty() && name.startsWith("meldeweg.")) {
                JsonNode meta = metadata.get(name);
                String meaning = meta == null ? "" : meta.path("description").asString("").replaceAll("\\{@(?:code|link) ([^}]*)}", "`$1`");
                if (meaning.isBlank()) {
                    meaning = String.join(" ", comment);
                }
                String type = meta == null ? "" : meta.path("type").asString("").replaceAll("^java\\.(lang|time|util)\\.", "");
                settings.add(new Setting(name, unquote(value), meaning, type));
            }
            comment.clear();
        }
        return settings;
    }

    private static Map<String, JsonNode> metadata() throws IOException {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        if (Files.exists(METADATA)) {
            for (JsonNode property : new ObjectMapper().readTree(METADATA.toFile()).path("properties")) {
                byName.put(property.path("name").asString(), property);
            }
        }
        return byName;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    static String render(List<Setting> settings) {
        StringBuilder md = new StringBuilder("""
                # Configuration reference

                Generated from `src/main/resources/application.yaml` (the one place every default lives) and the
                metadata of the `@ConfigurationProperties` records; do not edit by hand. To regenerate:
                `mvn -B -Dtest=ConfigurationReferenceTest -Dmeldeweg.docs.write=true test`.

                Every setting can be set in `./config/application.yaml` (read automatically, outranks the
                built-in defaults) or as an environment variable: `meldeweg.whatsapp.app-secret` becomes
                `MELDEWEG_WHATSAPP_APP_SECRET`. Durations carry their unit: `500ms`, `10s`, `PT5M`, `P30D`
                (a bare number counts as milliseconds). Settings bound to a validated record (intake, whatsapp, case,
                delivery, ticket, replies, retention, health, location, console, directory) stop the start with the setting's
                name when they are wrong; a duration a route reads through
                `{{millis:...}}` does too. Where the default is `${...}` the setting follows another one.

                """);
        String group = null;
        for (Setting s : settings) {
            String[] parts = s.name().split("\\.");
            String current = parts.length > 2 ? parts[0] + "." + parts[1] : "meldeweg";
            if (!current.equals(group)) {
                group = current;
                md.append("\n## `").append(group).append("`\n\n| setting | default | meaning |\n| --- | --- | --- |\n");
            }
            md.append("| `").append(s.name()).append("` | ").append(s.value().isEmpty() ? "" : "`" + s.value().replace("|", "\\|") + "`")
                    .append(" | ").append(s.meaning().replace("|", "\\|")).append(s.type().isEmpty() ? "" : " (" + s.type() + ")")
                    .append(" |\n");
        }
        return md.toString();
    }
}
