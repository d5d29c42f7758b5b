package de.meldeweg.safety;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** How many answers of {@link #isEmergencyNoted} are kept for case screening at most (the oldest go first). */
    static final int NOTED = 2048;

    /** An answer for one text, with the list it was given by. */
    private record Noted(WordRules rules, boolean urgent) {
    }

    private final WordListFile list;
    private final TextModel model;
    /** The answers of {@link #isEmergencyNoted} by the SHA-256 of the text, oldest first. */
    private final Map<ByteBuffer, Noted> noted = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Noted> eldest) {
            return size() > NOTED;
        }
    };

    /** With the list only (no classifier). */
    public EmergencyDetector(SafetyProperties properties) {
        this(properties, null);
    }

    /** With the list read now. */
    public EmergencyDetector(SafetyProperties properties, TextModel model) {
        this(properties, model, null);
    }

    /** The service's: the list read in the background of the start-up ({@link de.meldeweg.ops.StartupLoads}). */
    @org.springframework.beans.factory.annotation.Autowired
    public EmergencyDetector(SafetyProperties properties, TextModel model, de.meldeweg.ops.StartupLoads loads) {
        this.list = new WordListFile(Path.of(properties.dir(), "emergency.txt"), loads);
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
        return hits(SafetyText.read(text));
    }

    /** The same, for a text already read. */
    List<WordRules.Hit> hits(SafetyText.Reading text) {
        return hits(list.rules(), text);
    }

    private List<WordRules.Hit> hits(WordRules rules, SafetyText.Reading text) {
        List<WordRules.Hit> hits = rules.hits(text);
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
        return isEmergency(SafetyText.read(text));
    }

    private static ByteBuffer digest(String text) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256")
                    .digest((text == null ? "" : text).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /**
     * The same, and the answer noted for case screening ({@link #takeNoted}): a case of this one message is not
     * checked twice. Only a digest of the text is kept (in memory, the last {@value #NOTED} answers), never the text.
     */
    public boolean isEmergencyNoted(String text) {
        WordRules rules = list.rules();
        boolean urgent = !hits(rules, SafetyText.read(text)).isEmpty();
        synchronized (noted) {
            noted.put(digest(text), new Noted(rules, urgent));
        }
        return urgent;
    }

    /**
     * The answer {@link #isEmergencyNoted} gave for this very text with the word list as it is now, taken from the
     * notes; null when there is none (a case of several messages, a photo's caption with its "[Foto]", a restart,
     * another instance of the service, an edited list, or too many messages since): then check the text.
     */
    public Boolean takeNoted(String text) {
        Noted answer;
        synchronized (noted) {
            answer = noted.remove(digest(text));
        }
        return answer != null && answer.rules() == list.rules() ? answer.urgent() : null;
    }

    /** The same, for a text already read. */
    public boolean isEmergency(SafetyText.Reading text) {
        return !hits(text).isEmpty();
    }
}
