package de.meldeweg.directory;

import java.util.List;
import java.util.Map;

/**
 * Where the classifier gets its keywords from: category code → keywords, in the directory's order.
 * Implementations return an unmodifiable snapshot and a new map when the keywords change; the
 * classifier rebuilds its index whenever the map it gets is not equal to the last one.
 */
public interface CategoryKeywords {

    Map<String, List<String>> keywordsByCategory();
}
