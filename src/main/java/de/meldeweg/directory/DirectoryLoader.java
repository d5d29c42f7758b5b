package de.meldeweg.directory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Loads the department directory from {@code config/departments.yaml} into the directory tables,
 * replacing what was there in one transaction. Called by the directory-load route at start-up and
 * whenever the file changes. A file with errors is refused as a whole, with the reason; the
 * directory in the database stays as it was.
 */
@Component("directoryLoader")
public class DirectoryLoader implements SmartInitializingSingleton {

    public static final Set<String> CATEGORY_CODES = Set.of("STRASSE", "BELEUCHTUNG", "SAUBERKEIT", "GRUEN", "VERKEHR",
            "ORDNUNG", "WASSER", "WINTERDIENST", "LOB_ANREGUNG", "ALLGEMEIN");
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryLoader.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Path file;
    private final DirectoryKeywords keywords;
    private final boolean enabled;
    /** SHA-256 of the file content last written to the tables (null: none yet). */
    private volatile String loaded;

    public DirectoryLoader(JdbcTemplate jdbc, TransactionTemplate transaction, DirectoryKeywords keywords, DirectoryDatabase directory,
                           DirectoryProperties properties) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.file = properties.file();
        this.keywords = keywords;
        this.enabled = directory.loadedFromFile();
        if (!enabled) {
            LOG.info("The department directory is read from meldeweg.directory.datasource; {} is not loaded", file);
        }
    }

    /** The directory must be there before the first case is enriched: load it during start-up. */
    @Override
    public void afterSingletonsInstantiated() {
        try {
            load();
        } catch (IOException e) {
            throw new IllegalStateException("Department directory " + file.toAbsolutePath() + " cannot be read", e);
        }
    }

    /** {@code replyFrom}: further exact addresses the department answers from (comma-separated), or null. */
    record Department(String key, String name, String email, String queue, String replyFrom) {
    }

    /** {@code ticketFields}: the category's {@code ticket-fields:} as a JSON object (null: none), see docs/ticket-systems.md. */
    record Category(String code, String name, String department, String serviceCode, List<String> keywords, String ticketFields) {
    }

    record Directory(List<Department> departments, List<Category> categories) {
    }

    /** Loads the configured file; throws with the reason when it is not a complete directory. */
    public synchronized void load() throws IOException {
        if (!enabled) {
            return;
        }
        byte[] content = Files.readAllBytes(file);
        String digest = sha256(content);
        if (digest.equals(loaded)) {
            // The route's first poll after start-up finds the file the start-up has just loaded: the
            // tables and the classifier's index hold it already.
            LOG.debug("Department directory {} unchanged since it was loaded; not loaded again", file);
            return;
        }
        Directory directory;
        try {
            directory = parse(new ByteArrayInputStream(content));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        transaction.executeWithoutResult(status -> {
            jdbc.update("DELETE FROM category_keyword");
            jdbc.update("DELETE FROM category");
            jdbc.update("DELETE FROM department");
            List<Object[]> departments = new ArrayList<>();
            for (Department d : directory.departments()) {
                departments.add(new Object[] {d.key(), d.name(), d.email(), d.queue(), d.replyFrom()});
            }
            jdbc.batchUpdate("INSERT INTO department (dept_key, name, email, ticket_queue, reply_from) VALUES (?, ?, ?, ?, ?)",
                    departments);
            List<Object[]> categories = new ArrayList<>();
            List<Object[]> keywordRows = new ArrayList<>();
            for (Category c : directory.categories()) {
                categories.add(new Object[] {c.code(), c.name(), c.department(), c.serviceCode(), c.ticketFields()});
                for (String keyword : new LinkedHashSet<>(c.keywords())) {
                    keywordRows.add(new Object[] {c.code(), keyword});
                }
            }
            jdbc.batchUpdate("INSERT INTO category (code, name, dept_key, service_code, ticket_fields) VALUES (?, ?, ?, ?, ?)",
                    categories);
            jdbc.batchUpdate("INSERT INTO category_keyword (code, keyword) VALUES (?, ?)", keywordRows);
        });
        loaded = digest;
        keywords.refresh();
        LOG.info("Department directory loaded from {}: {} departments, {} categories", file,
                directory.departments().size(), directory.categories().size());
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks a directory's YAML text as {@link #load()} would; throws with the reason when it is refused. */
    public static void check(String yaml) {
        parse(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @SuppressWarnings("unchecked")
    static Directory parse(InputStream in) {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("expected 'departments:' and 'categories:'");
        }
        List<Department> departments = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (Map<String, Object> d : list(map.get("departments"), "departments")) {
            Department department = new Department(required(d, "key"), required(d, "name"), required(d, "email"),
                    optional(d, "ticket-queue"), replyFrom(d));
            if (!department.email().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw new IllegalArgumentException("department " + department.key() + ": '" + department.email() + "' is no e-mail address");
            }
            if (!keys.add(department.key())) {
                throw new IllegalArgumentException("department " + department.key() + " is listed twice");
            }
            departments.add(department);
        }
        List<Category> categories = new ArrayList<>();
        Set<String> codes = new LinkedHashSet<>();
        for (Map<String, Object> c : list(map.get("categories"), "categories")) {
            Object words = c.get("keywords");
            List<String> keywords = new ArrayList<>();
            if (words instanceof List<?> given) {
                given.forEach(w -> keywords.add(String.valueOf(w).strip().toLowerCase(java.util.Locale.ROOT)));
            }
            Category category = new Category(required(c, "code"), required(c, "name"), required(c, "department"),
                    optional(c, "service-code"), keywords, ticketFields(c));
            if (!CATEGORY_CODES.contains(category.code())) {
                throw new IllegalArgumentException("unknown category code " + category.code() + " (codes are fixed: " + CATEGORY_CODES + ")");
            }
            if (!keys.contains(category.department())) {
                throw new IllegalArgumentException("category " + category.code() + " names unknown department " + category.department());
            }
            if (!codes.add(category.code())) {
                throw new IllegalArgumentException("category " + category.code() + " is listed twice");
            }
            categories.add(category);
        }
        if (!codes.containsAll(CATEGORY_CODES)) {
            Set<String> missing = new LinkedHashSet<>(CATEGORY_CODES);
            missing.removeAll(codes);
            throw new IllegalArgumentException("categories missing: " + missing);
        }
        return new Directory(departments, categories);
    }

    /** {@code ticket-fields:} of a category: field names to plain values (numbers, text, true/false), as JSON. */
    private static String ticketFields(Map<String, Object> category) {
        Object fields = category.get("ticket-fields");
        if (fields == null) {
            return null;
        }
        if (!(fields instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("category " + category.get("code") + ": 'ticket-fields:' must be a mapping, e.g. category_id: 2");
        }
        // a tree of plain values: its text is the JSON, no mapper needed (the directory is parsed before any bean exists)
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<?, ?> field : map.entrySet()) {
            String name = String.valueOf(field.getKey());
            Object value = field.getValue();
            if (value instanceof String s) {
                json.put(name, s);
            } else if (value instanceof Boolean b) {
                json.put(name, b);
            } else if (value instanceof Integer || value instanceof Long) {
                json.put(name, ((Number) value).longValue());
            } else if (value instanceof Double || value instanceof Float) {
                json.put(name, ((Number) value).doubleValue());
            } else if (value instanceof java.math.BigInteger big) {
                json.put(name, big);
            } else if (value instanceof Number n) {
                json.put(name, new java.math.BigDecimal(n.toString()));
            } else {
                throw new IllegalArgumentException("category " + category.get("code") + ": ticket field '" + field.getKey()
                        + "' must be a number, text or true/false");
            }
        }
        return json.toString();
    }

    /** {@code reply-from:} a list of exact addresses (never a domain or a pattern), lower case, or null. */
    private static String replyFrom(Map<String, Object> department) {
        Object value = department.get("reply-from");
        if (value == null) {
            return null;
        }
        List<String> addresses = new ArrayList<>();
        for (Object item : value instanceof List<?> given ? given : List.of(value)) {
            String address = String.valueOf(item).strip().toLowerCase(java.util.Locale.ROOT);
            if (!address.matches("[^@\\s,*]+@[^@\\s,*]+\\.[^@\\s,*]+")) {
                throw new IllegalArgumentException("department " + department.get("key") + ": reply-from '" + address
                        + "' is no single e-mail address (a whole domain is not allowed)");
            }
            addresses.add(address);
        }
        return addresses.isEmpty() ? null : String.join(",", addresses);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value, String name) {
        if (!(value instanceof List<?> items) || items.isEmpty()) {
            throw new IllegalArgumentException("'" + name + ":' must be a non-empty list");
        }
        for (Object item : items) {
            if (!(item instanceof Map)) {
                throw new IllegalArgumentException("every entry of '" + name + ":' must be a mapping");
            }
        }
        return (List<Map<String, Object>>) items;
    }

    private static String required(Map<String, Object> map, String key) {
        String value = optional(map, key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + key + "' missing in " + map);
        }
        return value;
    }

    private static String optional(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? null : String.valueOf(value).strip();
    }
}
