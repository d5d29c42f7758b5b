package de.meldeweg.directory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The classifier's keywords from the department directory tables ({@code category_keyword}),
 * wherever the directory lives, read once and again after every directory load. Markers such as {@code =word} (whole word
 * only) and {@code ~word} (weak) are passed on unchanged.
 */
@Component
public class DirectoryKeywords implements CategoryKeywords {

    private final JdbcTemplate jdbc;
    private volatile Map<String, List<String>> keywords;

    public DirectoryKeywords(DirectoryDatabase directory) {
        this.jdbc = directory.jdbc();
    }

    @Override
    public Map<String, List<String>> keywordsByCategory() {
        Map<String, List<String>> current = keywords;
        if (current == null) {
            current = read();
            keywords = current;
        }
        return current;
    }

    private final java.util.List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Called after the directory was loaded: the next classification uses the new keywords. */
    public void refresh() {
        keywords = read();
        listeners.forEach(Runnable::run);
    }

    /** Runs after each {@link #refresh()}: the classifier builds its keyword index then, not with the next report. */
    void onRefresh(Runnable listener) {
        listeners.add(listener);
    }

    private Map<String, List<String>> read() {
        Map<String, List<String>> byCategory = new LinkedHashMap<>();
        jdbc.query("SELECT code, keyword FROM category_keyword ORDER BY code, keyword", rs -> {
            byCategory.computeIfAbsent(rs.getString(1), c -> new java.util.ArrayList<>()).add(rs.getString(2));
        });
        byCategory.replaceAll((code, words) -> List.copyOf(words));
        return Map.copyOf(byCategory);
    }
}
