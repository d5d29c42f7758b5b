package de.meldeweg.directory;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Keywords straight from {@code config/departments.yaml} (its {@code categories[].keywords}), for
 * tools and tests that classify without a database. The service itself takes the keywords from
 * the directory tables ({@link DirectoryKeywords}). The file is read again when its modification time changes; a
 * file that is missing or broken keeps the last good keywords (none at first, so every report
 * goes to {@code ALLGEMEIN}) and logs a warning.
 */
public class YamlCategoryKeywords implements CategoryKeywords {

    private static final Logger LOG = LoggerFactory.getLogger(YamlCategoryKeywords.class);

    /** Before the first look at the file. */
    private static final FileTime NEVER = FileTime.fromMillis(Long.MIN_VALUE);

    private final Path file;
    private volatile Snapshot snapshot = new Snapshot(NEVER, Map.of());

    /** The keywords and the modification time of the file they came from ({@code null}: no file). */
    private record Snapshot(FileTime modified, Map<String, List<String>> keywords) {
    }

    public YamlCategoryKeywords(Path file) {
        this.file = file;
        keywordsByCategory();
    }

    @Override
    public Map<String, List<String>> keywordsByCategory() {
        FileTime modified = modified();
        Snapshot current = snapshot;
        if (Objects.equals(modified, current.modified())) {
            return current.keywords();
        }
        synchronized (this) {
            current = snapshot;
            if (!Objects.equals(modified, current.modified())) {
                Map<String, List<String>> keywords = current.keywords();
                if (modified == null) {
                    LOG.warn("Category keywords: cannot read {}; keeping {} categories", file, keywords.size());
                } else {
                    try {
                        keywords = read(file);
                        LOG.info("Category keywords: read {} categories from {}", keywords.size(), file);
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("Category keywords: cannot use {} ({}); keeping {} categories", file, e.toString(), keywords.size());
                    }
                }
                current = new Snapshot(modified, keywords);
                snapshot = current;
            }
            return current.keywords();
        }
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    static Map<String, List<String>> read(Path file) throws IOException {
        Object root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        if (!(root instanceof Map<?, ?> document) || !(document.get("categories") instanceof List<?> categories)) {
            throw new IllegalArgumentException("no list 'categories'");
        }
        Map<String, List<String>> keywords = new LinkedHashMap<>();
        for (Object entry : categories) {
            if (!(entry instanceof Map<?, ?> category) || category.get("code") == null) {
                throw new IllegalArgumentException("a category without 'code'");
            }
            String code = category.get("code").toString();
            List<String> words = new ArrayList<>();
            if (category.get("keywords") instanceof List<?> list) {
                for (Object word : list) {
                    if (word != null && !word.toString().isBlank()) {
                        words.add(word.toString().strip());
                    }
                }
            } else if (category.get("keywords") != null) {
                throw new IllegalArgumentException("'keywords' of " + code + " is not a list");
            }
            keywords.put(code, List.copyOf(words));
        }
        return Collections.unmodifiableMap(keywords);
    }
}
