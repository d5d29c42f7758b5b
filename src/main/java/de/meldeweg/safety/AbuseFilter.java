package de.meldeweg.safety;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * Recognizes insulting, racist or degrading words from the editable list
 * {@code config/safety/abuse.txt}, through the usual tricks (spacing, punctuation, leetspeak,
 * repeated letters, umlauts), but as words: "Schwanenweg", "Klassiker" or "Spastik" stay what
 * they are. A report about graffiti that quotes what is written on the wall ("da steht
 * 'Ausländer raus'") is a report: words in quotation marks do not count there.
 */
@Component
public class AbuseFilter {

    private static final Pattern GRAFFITI = Pattern.compile(
            "graffiti|schmier|gesprüht|gespr[üu]ht|gesprayt|spray|sprüh|beschmiert|aufschrift|geschrieben|steht (da|drauf|dran|an)|written|painted",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern QUOTED = Pattern.compile("\"[^\"\\n]{1,80}\"|„[^“”\"\\n]{1,80}[“”\"]|“[^”\\n]{1,80}”|«[^»\\n]{1,80}»|»[^«\\n]{1,80}«|‚[^‘’\\n]{1,80}[‘’]");

    /**
     * The classifier's probability from which a text the list does not know counts as insulting;
     * chosen by five-fold cross-validation on the tuning part of the evaluation set ({@code ModelTuning}):
     * the lowest of 0.3, 0.4, … whose cross-validated share of decent messages held stays within half
     * the 1 % target.
     */
    static final double MODEL_THRESHOLD = 0.5;

    private final WordListFile list;
    private final TextModel model;

    /** With the list only (no classifier). */
    public AbuseFilter(SafetyProperties properties) {
        this(properties, null);
    }

    /** With the list read now. */
    public AbuseFilter(SafetyProperties properties, TextModel model) {
        this(properties, model, null);
    }

    /** The service's: the list read in the background of the start-up ({@link de.meldeweg.ops.StartupLoads}). */
    @org.springframework.beans.factory.annotation.Autowired
    public AbuseFilter(SafetyProperties properties, TextModel model, de.meldeweg.ops.StartupLoads loads) {
        this.list = new WordListFile(Path.of(properties.dir(), "abuse.txt"), loads);
        this.model = model;
    }

    /** The list entries the text matched; empty when it is fit to forward. */
    public List<String> matches(String text) {
        return matches(SafetyText.read(text));
    }

    /** The same, for a text already read. */
    public List<String> matches(SafetyText.Reading text) {
        return hits(text).stream().map(WordRules.Hit::entry).toList();
    }

    /** The list entries the text matched, each with the words of the text that matched it; else the classifier's verdict. */
    List<WordRules.Hit> hits(String text) {
        return hits(SafetyText.read(text));
    }

    /** The same, for a text already read. */
    List<WordRules.Hit> hits(SafetyText.Reading text) {
        SafetyText.Reading t = withoutGraffitiQuotes(text);
        List<WordRules.Hit> hits = list.rules().hits(t);
        if (hits.isEmpty() && model != null) {
            double p = model.abuse(t);
            if (p >= MODEL_THRESHOLD) {
                return List.of(new WordRules.Hit(String.format(java.util.Locale.ROOT, "classifier: insulting, probability %.2f", p), List.of()));
            }
        }
        return hits;
    }

    /** The words of the text (in the lists' spelling) that entries of the list matched, without the classifier. */
    List<String> listWords(String text) {
        return listWords(SafetyText.read(text));
    }

    /** The same, for a text already read. */
    List<String> listWords(SafetyText.Reading text) {
        return list.rules().hits(withoutGraffitiQuotes(text)).stream().flatMap(h -> h.words().stream()).toList();
    }

    /** Whether an entry of the list matched (without the classifier). */
    boolean listMatches(String text) {
        return !list.rules().hits(withoutGraffitiQuotes(text)).isEmpty();
    }

    /** The classifier used when the list does not match (null: the list only). */
    TextModel model() {
        return model;
    }

    public boolean isAbusive(String text) {
        return !matches(text).isEmpty();
    }

    /** The keywords of the list without typo tolerance because an ordinary word is one letter away. */
    List<String> collisions() {
        return list.rules().collisions();
    }

    /** The reading of the text without quoted graffiti: the same reading when nothing is left out. */
    private static SafetyText.Reading withoutGraffitiQuotes(SafetyText.Reading text) {
        String t = withoutGraffitiQuotes(text.text());
        return t.equals(text.text()) ? text : SafetyText.read(t);
    }

    static String withoutGraffitiQuotes(String text) {
        if (text == null || !GRAFFITI.matcher(text).find()) {
            return text;
        }
        return QUOTED.matcher(text).replaceAll(" ");
    }
}
