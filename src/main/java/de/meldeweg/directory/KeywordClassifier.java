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
 * {@link KeywordIndex}); longer keywords weigh more, parts, typos and weak ({@code ~}) keywords
 * less, and a keyword right after a place preposition ("auf dem Radweg") half. Each keyword counts
 * once; a keyword inside a longer one found at the same place ({@code laterne} in
 * {@code strassenlaterne}) not at all.</li>
 * <li>The category with the highest score wins, if it reaches {@value #MIN_SCORE}, unless the text
 * praises, thanks for something or suggests ({@code LOB_ANREGUNG} keywords that are not weak) and
 * does not complain ("Danke, aber das Schlagloch ist immer noch da" is about the pothole; a
 * polite "danke" at the end of a report is weak and changes nothing).</li>
 * <li>With no category: {@code LOB_ANREGUNG} if a praise keyword was found, else
 * {@code ALLGEMEIN}.</li>
 * </ol>
 * The keywords come from {@link CategoryKeywords} on every call; the index is rebuilt when they
 * change: at construction, after each load of the department directory ({@link DirectoryKeywords#refresh()}),
 * or, should the keywords change otherwise, with the next classification.
 */
@Component("caseClassifier")
public class KeywordClassifier implements CaseClassifier {

    /** The least score that decides for a category: e.g. one weak keyword of four letters. */
    static final double MIN_SCORE = 0.5;

    /** Words that make a report with thanks or praise a complaint. */
    private static final Set<String> COMPLAINT_WORDS = Set.of(
            "aber", "nicht", "kein", "keine", "trotzdem", "leider", "kaputt", "defekt", "but", "not", "again",
            "still", "broken");
    private static final List<String> COMPLAINT_PHRASES = List.of(
            " immer noch ", " noch immer ", " schon wieder ", " wieder kaputt ");

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KeywordClassifier.class);

    private final CategoryKeywords keywords;
    private final Vocabulary vocabulary;
    private volatile KeywordIndex index;
    /** The collisions this classifier last logged: each list of them is logged once per classifier. */
    private volatile List<String> lastLogged;

    /** With the ordinary words of {@code ./config/safety} (as the tools and tests that run from the project folder). */
    public KeywordClassifier(CategoryKeywords keywords) {
        this(keywords, Vocabulary.in(java.nio.file.Path.of("config/safety")));
    }

    @org.springframework.beans.factory.annotation.Autowired
    public KeywordClassifier(CategoryKeywords keywords,
                             @org.springframework.beans.factory.annotation.Value("${meldeweg.safety.dir:./config/safety}") String wordsDir) {
        this(keywords, Vocabulary.in(java.nio.file.Path.of(wordsDir)));
    }

    public KeywordClassifier(CategoryKeywords keywords, Vocabulary vocabulary) {
        this.keywords = keywords;
        this.vocabulary = vocabulary;
        // Reading the ordinary words takes a moment: at start-up, not with the first report.
        vocabulary.spelled("directory", Words::normalize);
        // The keyword index (with its automaton) is built when the keywords are loaded, not with the first report.
        if (keywords instanceof DirectoryKeywords directory) {
            directory.onRefresh(this::prepare);
        } else {
            prepare();
        }
    }

    /** Builds the keyword index for the current keywords now (if they changed). */
    public void prepare() {
        index();
    }

    @Override
    public Classification classify(String text) {
        KeywordIndex index = index();
        String normalized = Words.normalize(text);
        Map<String, Map<String, Double>> found = new LinkedHashMap<>();
        for (String category : index.categories()) {
            found.put(category, new HashMap<>());
        }
        boolean praises = false;
        for (Match match : index.find(normalized)) {
            found.get(match.keyword().category()).merge(match.keyword().configured(), match.score(), Math::max);
            praises |= match.keyword().category().equals(PRAISE) && !match.keyword().weak();
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        found.forEach((category, matched) -> scores.put(category, matched.values().stream().mapToDouble(d -> d).sum()));

        String best = null;
        for (Map.Entry<String, Double> score : scores.entrySet()) {
            if (!score.getKey().equals(PRAISE) && score.getValue() >= MIN_SCORE
                    && (best == null || score.getValue() > scores.get(best))) {
                best = score.getKey();
            }
        }
        String winner;
        if (best != null && (!praises || complains(normalized))) {
            winner = best;
        } else if (scores.getOrDefault(PRAISE, 0.0) > 0) {
            winner = PRAISE;
        } else {
            return new Classification(GENERAL, 0.0, List.of());
        }
        return result(winner, found.get(winner), scores);
    }

    /** Confidence: the winner's share of all scores, times how strong its score is (full at 2). */
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
            index = new KeywordIndex(current, vocabulary.spelled("directory", Words::normalize));
            // Said once per list of collisions (the keywords may be reloaded with the same collisions).
            if (!index.collisions().isEmpty() && !index.collisions().equals(lastLogged)) {
                lastLogged = index.collisions();
                LOG.info("Category keywords: typo tolerance lowered for {} keyword(s) with an ordinary word in reach: {}",
                        index.collisions().size(), String.join("; ", index.collisions()));
            }
            this.index = index;
        }
        return index;
    }
}
