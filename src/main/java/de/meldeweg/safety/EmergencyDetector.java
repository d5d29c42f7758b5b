package de.meldeweg.safety;

import java.nio.file.Path;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Recognizes messages that look like emergencies (fire, smoke, accident, injured or unconscious
 * people, gas, a flooded home, violence) from the editable list {@code config/safety/emergency.txt}.
 * Rather one reply too many than one too few, but ordinary reports that merely share a word
 * ("Laterne brennt nicht", "Feuerwehrzufahrt zugeparkt") are kept out by whole-word matching and
 * the list's "!" exceptions.
 */
@Component
public class EmergencyDetector {

    /**
     * The classifier's probability from which a text the list does not know counts as an emergency;
     * chosen by five-fold cross-validation on the tuning part of the evaluation set and the rows written
     * for training only ({@code ModelTuning}): the lowest of 0.3, 0.4, … whose cross-validated share of
     * ordinary messages the classifier adds to the list's 112 replies stays within half the 1 % target.
     */
    static final double MODEL_THRESHOLD = 0.7;

    private final WordListFile list;
    private final TextModel model;

    /** With the list only (no classifier). */
    public EmergencyDetector(SafetyProperties properties) {
        this(properties, null);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public EmergencyDetector(SafetyProperties properties, TextModel model) {
        this.list = new WordListFile(Path.of(properties.dir(), "emergency.txt"));
        this.model = model;
    }

    /**
     * The list entries the text matched, or (when none did) the classifier's verdict as one entry
     * "classifier: emergency, probability 0.87"; empty when it does not look like an emergency.
     */
    public List<String> matches(String text) {
        return hits(text).stream().map(WordRules.Hit::entry).toList();
    }

    /** The list entries the text matched, each with the words of the text that matched it; else the classifier's verdict. */
    List<WordRules.Hit> hits(String text) {
        List<WordRules.Hit> hits = list.rules().hits(text);
        if (hits.isEmpty() && model != null) {
            double p = model.emergency(text);
            if (p >= MODEL_THRESHOLD) {
                return List.of(new WordRules.Hit(String.format(java.util.Locale.ROOT, "classifier: emergency, probability %.2f", p), List.of()));
            }
        }
        return hits;
    }

    /** Whether an entry of the list matched (without the classifier). */
    boolean listMatches(String text) {
        return !list.rules().hits(text).isEmpty();
    }

    /** The classifier used when the list does not match (null: the list only). */
    TextModel model() {
        return model;
    }

    /** The keywords of the list without typo tolerance because an ordinary word is one letter away. */
    List<String> collisions() {
        return list.rules().collisions();
    }

    public boolean isEmergency(String text) {
        return !matches(text).isEmpty();
    }
}
