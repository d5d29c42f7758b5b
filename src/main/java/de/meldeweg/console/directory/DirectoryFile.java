package de.meldeweg.console.directory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import de.meldeweg.directory.DirectoryLoader;
import de.meldeweg.directory.DirectoryProperties;

/**
 * The department directory file ({@code meldeweg.directory.dir}/{@code file-name}) as the editor
 * reads and writes it. Saving never leaves a half-written file: the new text goes to a temporary
 * file beside it, the current file is copied to a dated backup
 * ({@code departments.yaml.2026-12-04T15-30-00.bak}), and the temporary file replaces it in one
 * atomic move. The running service picks the new file up as it does any edit (route
 * {@code directory-load}). The leading comment block is kept; keys the editor does not know
 * (added by a later version) are kept per department and category.
 */
@Component
public class DirectoryFile {

    private static final DateTimeFormatter BACKUP_STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss");
    private final Path file;
    private final Clock clock;
    private final ZoneId zone;

    public DirectoryFile(DirectoryProperties properties, Clock clock, ZoneId zone) {
        this.file = properties.file();
        this.clock = clock;
        this.zone = zone;
    }

    public Path path() {
        return file;
    }

    /** The file as the form shows it. */
    public DirectoryForm read() {
        Map<String, Object> root = parse();
        DirectoryForm form = new DirectoryForm();
        for (Map<String, Object> d : list(root.get("departments"))) {
            Object reply = d.get("reply-from");
            String replyFrom = reply instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList())
                    : reply == null ? "" : String.valueOf(reply);
            form.getDepartments().add(new DirectoryForm.Department(text(d, "key"), text(d, "name"), text(d, "email"), replyFrom,
                    text(d, "ticket-queue")));
        }
        for (Map<String, Object> c : list(root.get("categories"))) {
            List<String> keywords = new ArrayList<>();
            if (c.get("keywords") instanceof List<?> words) {
                words.forEach(w -> keywords.add(String.valueOf(w)));
            }
            form.getCategories().add(new DirectoryForm.Category(text(c, "code"), text(c, "name"), text(c, "department"),
                    text(c, "service-code"), keywords));
        }
        return form;
    }

    /**
     * Writes the form's directory (validated before) atomically, with a dated backup of the file it
     * replaces; returns the backup's path.
     */
    public synchronized Path write(DirectoryForm form) {
        try {
            String current = Files.readString(file, StandardCharsets.UTF_8);
            String text = render(form, header(current), parse());
            Path backup = file.resolveSibling(file.getFileName() + "." + BACKUP_STAMP.format(clock.instant().atZone(zone)) + ".bak");
            Files.copy(file, backup, StandardCopyOption.REPLACE_EXISTING);
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            return backup;
        } catch (IOException e) {
            throw new UncheckedIOException("The department directory " + file + " cannot be written", e);
        }
    }

    /** The YAML text of the form's directory, checked with the loader's own rules by parsing it back. */
    static String render(DirectoryForm form, String header, Map<String, Object> original) {
        Map<String, Map<String, Object>> oldDepartments = byKey(list(original.get("departments")), "key");
        Map<String, Map<String, Object>> oldCategories = byKey(list(original.get("categories")), "code");
        StringBuilder out = new StringBuilder(header);
        out.append("departments:\n");
        for (DirectoryForm.Department d : form.activeDepartments()) {
            out.append("  - key: ").append(quote(d.getKey())).append('\n');
            out.append("    name: ").append(quote(d.getName())).append('\n');
            out.append("    email: ").append(quote(d.getEmail())).append('\n');
            if (!d.getTicketQueue().isBlank()) {
                out.append("    ticket-queue: ").append(quote(d.getTicketQueue())).append('\n');
            }
            if (!d.replyAddresses().isEmpty()) {
                out.append("    reply-from: [").append(String.join(", ", d.replyAddresses().stream().map(DirectoryFile::quote).toList()))
                        .append("]\n");
            }
            extras(out, oldDepartments.get(d.getKey()), List.of("key", "name", "email", "ticket-queue", "reply-from"));
        }
        out.append("\ncategories:\n");
        for (DirectoryForm.Category c : form.getCategories()) {
            out.append("  - code: ").append(quote(c.getCode())).append('\n');
            out.append("    name: ").append(quote(c.getName())).append('\n');
            out.append("    department: ").append(quote(c.getDepartment())).append('\n');
            if (!c.getServiceCode().isBlank()) {
                out.append("    service-code: ").append(quote(c.getServiceCode())).append('\n');
            }
            extras(out, oldCategories.get(c.getCode()), List.of("code", "name", "department", "service-code", "keywords"));
            out.append("    keywords:\n");
            for (String keyword : c.keywordList()) {
                out.append("      - ").append(quote(keyword)).append('\n');
            }
        }
        String yaml = out.toString();
        DirectoryLoader.check(yaml);
        return yaml;
    }

    /** Keys of the original entry the editor does not show, written back unchanged. */
    private static void extras(StringBuilder out, Map<String, Object> original, List<String> known) {
        if (original == null) {
            return;
        }
        original.forEach((key, value) -> {
            if (!known.contains(key) && value != null) {
                String dumped = new Yaml().dump(Map.of(key, value)).stripTrailing();
                dumped.lines().forEach(line -> out.append("    ").append(line).append('\n'));
            }
        });
    }

    /** The comment lines at the top of the file, which explain it to whoever opens it. */
    static String header(String current) {
        StringBuilder header = new StringBuilder();
        for (String line : current.lines().toList()) {
            if (!line.startsWith("#") && !line.isBlank()) {
                break;
            }
            header.append(line).append('\n');
        }
        if (!header.toString().contains("console")) {
            header.append("# Last saved with the console's directory editor (/console/directory); comments inside the\n")
                    .append("# lists are not kept there: the dated .bak beside this file holds the version before.\n\n");
        }
        return header.toString();
    }

    /** A YAML double-quoted scalar. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\x%02x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse() {
        try (InputStream in = Files.newInputStream(file)) {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            return root instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("The department directory " + file + " cannot be read", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (value instanceof List<?> items) {
            items.stream().filter(Map.class::isInstance).forEach(i -> out.add((Map<String, Object>) i));
        }
        return out;
    }

    private static Map<String, Map<String, Object>> byKey(List<Map<String, Object>> entries, String key) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        entries.forEach(e -> out.put(String.valueOf(e.get(key)), e));
        return out;
    }

    private static String text(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? "" : String.valueOf(value).strip();
    }
}
