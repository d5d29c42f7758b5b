package de.meldeweg.directory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import de.meldeweg.directory.KeywordIndex.Match;

/**
 * Classifies by keywords, in a way an admin can follow:
 * <ol>
 * <li>The text is normalized (lower case, {@code ä→ae}…, no punctuation) and split into words.</li>
 * <li>Each category's keywords are looked up as words, parts of compounds and with typos (see
 * {@link KeywordIndex}); longer keywords weigh more, parts and typos less, and a keyword right
 * after a place preposition ("auf dem Radweg") half. Each keyword counts once; a keyword inside a
 * longer one found at the same place ({@code laterne} in {@code strassenlaterne}) not at all.</li>
 * <li>Praise and suggestions ({@code LOB_ANREGUNG}) win only if they weigh at least as much as
 * the strongest other category and the text does not complain ("Danke, aber das Schlagloch ist
 * immer noch da" is about the pothole).</li>
 * <li>Otherwise the category with the highest score wins; below {@value #MIN_SCORE} the case is
 * {@code ALLGEMEIN}.</li>
 * </ol>
 * The keywords come from {@link CategoryKeywords} on every call; the index is rebuilt when they
 * change.
 */
@Component("caseClassifier")
public class KeywordClassifier implements CaseClassifier {

    /** The least score that decides for a category: one keyword of four letters as a first part. */
    static final double MIN_SCORE = 0.6;

    /** Words that make a text with thanks or praise a complaint. */
    private static final Set<String> COMPLAINT_WORDS = Set.of(
            "aber", "wieder", "trotzdem", "leider", "kaputt", "defekt", "but", "again", "still", "broken");
    private static final List<String> COMPLAINT_PHRASES = List.of(
            " immer noch ", " noch immer ", " noch nicht ", " geht nicht ", " not fixed ");

    private final CategoryKeywords keywords;
    private volatile KeywordIndex index;

    public KeywordClassifier(CategoryKeywords keywords) {
        this.keywords = keywords;
    }

    @Override
    public Classification classify(String text) {
        KeywordIndex index = index();
        String normalized = Words.normalize(text);
        Map<String, Map<String, Double>> found = new LinkedHashMap<>();
        for (String category : index.categories()) {
            found.put(category, new HashMap<>());
        }
        for (Match match : index.find(normalized)) {
            found.get(match.keyword().category()).merge(match.keyword().configured(), match.score(), Math::max);
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        found.forEach((category, matched) -> scores.put(category, matched.values().stream().mapToDouble(d -> d).sum()));

        String best = null;
        for (Map.Entry<String, Double> score : scores.entrySet()) {
            if (!score.getKey().equals(PRAISE) && (best == null || score.getValue() > scores.get(best))) {
                best = score.getKey();
            }
        }
        double bestScore = best == null ? 0 : scores.get(best);
        double praise = scores.getOrDefault(PRAISE, 0.0);
        String winner;
        if (praise >= MIN_SCORE && praise >= bestScore && !complains(normalized)) {
            winner = PRAISE;
        } else if (bestScore >= MIN_SCORE) {
            winner = best;
        } else {
            return new Classification(GENERAL, 0.0, List.of());
        }
        return result(winner, found.get(winner), scores);
    }

    private static Classification result(String winner, Map<String, Double> matched, Map<String, Double> scores) {
        double score = scores.get(winner);
        double total = scores.values().stream().mapToDouble(d -> d).sum();
        double confidence = score / total * Math.min(1.0, score / 2.0);
        List<String> why = new ArrayList<>(matched.keySet());
        why.sort(Comparator.comparing((String keyword) -> matched.get(keyword)).reversed()
                .thenComparing(Comparator.naturalOrder()));
        return new Classification(winner, Math.round(confidence * 100) / 100.0, why);
    }

    static boolean complains(String normalized) {
        for (String word : Words.tokens(normalized)) {
            if (COMPLAINT_WORDS.contains(word)) {
                return true;
            }
        }
        String padded = " " + normalized + " ";
        return COMPLAINT_PHRASES.stream().anyMatch(padded::contains);
    }

    private KeywordIndex index() {
        Map<String, List<String>> current = keywords.keywordsByCategory();
        KeywordIndex index = this.index;
        if (index == null || !index.isFor(current)) {
            index = new KeywordIndex(current);
            this.index = index;
        }
        return index;
    }
}
