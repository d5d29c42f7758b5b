package de.meldeweg.directory;

import java.util.List;

/**
 * The result of {@link CaseClassifier#classify(String)}.
 *
 * @param code            the category code, never {@code null}
 * @param confidence      0 (a guess, e.g. the {@code ALLGEMEIN} fallback) to 1 (clear case)
 * @param matchedKeywords the configured keywords that decided for {@code code}, strongest first,
 *                        so an admin can see why (empty for the fallback)
 */
public record Classification(String code, double confidence, List<String> matchedKeywords) {

    public Classification {
        matchedKeywords = List.copyOf(matchedKeywords);
    }
}
