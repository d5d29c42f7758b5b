package de.meldeweg.safety;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

import de.meldeweg.directory.CaseClassifier;
import de.meldeweg.directory.CategoryKeywords;
import de.meldeweg.directory.Classification;
import de.meldeweg.directory.KeywordClassifier;

/**
 * The category of a case, decided by three rules in this order (chosen by five-fold cross-validation over the
 * training rows, {@code CategoryExperiments}; never on the held-out quarter):
 * <ol>
 * <li><b>Emergency</b>: a text that gets the 110/112 reply ({@link EmergencyDetector}: its list or the classifier)
 * goes to {@code ALLGEMEIN}, where the complaint office sees it, unless the trained classifier names another
 * category with probability &ge; {@value #EMERGENCY_OTHER_CATEGORY} (a flooded cellar is still {@code WASSER}).
 * A collapsed man "im Stadtgarten auf der Bank" is no matter for the parks department.</li>
 * <li><b>Insult words are no keywords</b>: a keyword found only inside the words an entry of
 * {@code config/safety/abuse.txt} matched does not count ("Ihr Drecksäcke" is no SAUBERKEIT report, "A*schloch" no
 * pothole); without other keywords the classifier, else {@code ALLGEMEIN}, decides.</li>
 * <li><b>Praise by keywords</b>: when the directory's keywords say {@code LOB_ANREGUNG} (praise, thanks for
 * something, a suggestion, without a complaint), that stands: "Geil, der Spielplatz ist endlich fertig" is praise
 * even though it names the playground.</li>
 * <li><b>Keywords, then classifier</b>: the directory's keywords ({@link KeywordClassifier}) decide where they are
 * confident (&ge; {@value #KEYWORD_CONFIDENCE}); otherwise the trained classifier ({@link TextModel}) decides if
 * it is at least {@value #MODEL_PROBABILITY} sure and names a category the directory has; otherwise the keywords.</li>
 * </ol>
 * {@link #decide(String)} says which rule decided (the verdict explainer shows it).
 */
@Primary
@Component
public class ModelAssistedClassifier implements CaseClassifier {

    /** The keyword classifier's confidence from which its category stands without asking the classifier. */
    static final double KEYWORD_CONFIDENCE = 0.6;
    /** Below that, the classifier's category replaces the keywords' if it is at least this probable. */
    static final double MODEL_PROBABILITY = 0.7;
    /** An emergency goes to ALLGEMEIN unless the classifier names another category with at least this probability. */
    static final double EMERGENCY_OTHER_CATEGORY = 0.5;

    /** Which rule decided the category. */
    public static final String BY_EMERGENCY = "emergency";
    public static final String BY_PRAISE = "keywords: praise";
    public static final String BY_KEYWORDS = "keywords";
    public static final String BY_CLASSIFIER = "classifier";
    /** Added to the rule when keywords inside insult words were left out. */
    public static final String WITHOUT_INSULT_WORDS = " (keywords inside insult words left out)";

    /** A category with the rule that chose it ({@link #BY_EMERGENCY}, {@link #BY_PRAISE}, {@link #BY_KEYWORDS}, {@link #BY_CLASSIFIER}). */
    public record Decision(Classification classification, String rule) {
    }

    private final KeywordClassifier keywords;
    private final CategoryKeywords directory;
    private final TextModel model;
    // Both on the text as read once (SafetyText.Reading): the lists and the classifier share one reading.
    private final Predicate<SafetyText.Reading> emergency;
    private final Function<SafetyText.Reading, List<String>> insultWords;

    /** With the emergency and abuse lists and the classifier of the service. */
    @Autowired
    public ModelAssistedClassifier(KeywordClassifier keywords, CategoryKeywords directory, TextModel model, EmergencyDetector emergencies,
                                   AbuseFilter abuse) {
        this.keywords = keywords;
        this.directory = directory;
        this.model = model;
        this.emergency = emergencies::isEmergency;
        this.insultWords = abuse::listWords;
    }

    /** Without the lists: an emergency is what the classifier alone takes for one, and no keyword is left out. */
    public ModelAssistedClassifier(KeywordClassifier keywords, CategoryKeywords directory, TextModel model) {
        this.keywords = keywords;
        this.directory = directory;
        this.model = model;
        this.emergency = text -> model.emergency(text) >= EmergencyDetector.MODEL_THRESHOLD;
        this.insultWords = text -> List.of();
    }

    /** With other emergency and insult-word checks (each given the text). */
    ModelAssistedClassifier(KeywordClassifier keywords, CategoryKeywords directory, TextModel model, Predicate<String> emergency,
                            Function<String, List<String>> insultWords) {
        this.keywords = keywords;
        this.directory = directory;
        this.model = model;
        this.emergency = text -> emergency.test(text.text());
        this.insultWords = text -> insultWords.apply(text.text());
    }

    @Override
    public Classification classify(String text) {
        return decide(text).classification();
    }

    /** With the emergency check done by case screening: {@code urgent} is the case's urgent flag, not checked again. */
    @Override
    public Classification classify(String text, boolean urgent) {
        return decide(text, urgent).classification();
    }

    /** For a text case screening already read (its emergency check done: {@code urgent}). */
    @Override
    public Classification classify(de.meldeweg.directory.ReadText read, boolean urgent) {
        return decide(SafetyText.read(read.text(), read), urgent).classification();
    }

    /** The category and the rule that chose it. */
    public Decision decide(String text) {
        SafetyText.Reading read = SafetyText.read(text);
        return decide(read, emergency.test(read));
    }

    /**
     * The category and the rule that chose it, for a text whose emergency check ({@link EmergencyDetector#isEmergency},
     * or the classifier alone without the lists) answered {@code urgent}.
     */
    public Decision decide(String text, boolean urgent) {
        return decide(SafetyText.read(text), urgent);
    }

    /** The same, for a text already read. */
    Decision decide(SafetyText.Reading text, boolean urgent) {
        Classification byKeywords = keywords.classify(text.text());
        Classification kept = withoutInsultWords(byKeywords, byKeywords.matchedKeywords().isEmpty() ? List.of() : insultWords.apply(text));
        Decision decision = decide(kept, model.categories(text), urgent, this::known);
        return kept == byKeywords ? decision : new Decision(decision.classification(), decision.rule() + WITHOUT_INSULT_WORDS);
    }

    /**
     * The keywords' classification, or "no keyword" ({@code ALLGEMEIN}, confidence 0) when every keyword that matched lies
     * inside a word an abuse list entry matched ({@code insultWords}, in the lists' spelling). The same object when nothing is left out.
     */
    static Classification withoutInsultWords(Classification byKeywords, List<String> insultWords) {
        if (byKeywords.matchedKeywords().isEmpty() || insultWords.isEmpty()) {
            return byKeywords;
        }
        List<String> insults = insultWords.stream().map(ModelAssistedClassifier::fold).toList();
        for (String keyword : byKeywords.matchedKeywords()) {
            String k = fold(keyword);
            if (insults.stream().noneMatch(w -> w.contains(k))) {
                return byKeywords;
            }
        }
        return new Classification(GENERAL, 0, List.of());
    }

    /**
     * One spelling for keywords (ä = ae) and list words (ä = a): the lists' own ({@link SafetyText#token}), which
     * writes umlauts as plain vowels and doubled letters once, of the word without spaces.
     */
    private static String fold(String word) {
        return SafetyText.token(word.replace(" ", ""));
    }

    private boolean known(String code) {
        return code.equals(GENERAL) || code.equals(PRAISE) || directory.keywordsByCategory().containsKey(code);
    }

    /**
     * The rules, on what the keywords, the classifier (every category's probability; empty for a text without words)
     * and the emergency check say. Shared with the cross-validation tools so that they measure exactly this.
     */
    static Decision decide(Classification byKeywords, Map<String, Double> model, boolean urgent, Predicate<String> known) {
        String best = GENERAL;
        double p = 0;
        for (Map.Entry<String, Double> e : model.entrySet()) {
            if (e.getValue() > p) {
                best = e.getKey();
                p = e.getValue();
            }
        }
        if (urgent && !(p >= EMERGENCY_OTHER_CATEGORY && !best.equals(GENERAL))) {
            return new Decision(new Classification(GENERAL, round(model.getOrDefault(GENERAL, 0.0)), List.of()), BY_EMERGENCY);
        }
        boolean matched = !byKeywords.matchedKeywords().isEmpty();
        if (matched && byKeywords.code().equals(PRAISE)) {
            return new Decision(byKeywords, BY_PRAISE);
        }
        if (matched && byKeywords.confidence() >= KEYWORD_CONFIDENCE) {
            return new Decision(byKeywords, BY_KEYWORDS);
        }
        if (p < MODEL_PROBABILITY || !known.test(best) || best.equals(byKeywords.code())) {
            return new Decision(byKeywords, BY_KEYWORDS);
        }
        return new Decision(new Classification(best, round(p), List.of()), BY_CLASSIFIER);
    }

    private static double round(double p) {
        return Math.round(p * 100) / 100.0;
    }

    /** What the keywords alone say. */
    Classification byKeywords(String text) {
        return keywords.classify(text);
    }

    TextModel model() {
        return model;
    }
}
