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

    private final WordListFile list;

    public AbuseFilter(SafetyProperties properties) {
        this.list = new WordListFile(Path.of(properties.dir(), "abuse.txt"));
    }

    /** The list entries the text matched; empty when it is fit to forward. */
    public List<String> matches(String text) {
        return hits(text).stream().map(WordRules.Hit::entry).toList();
    }

    /** The list entries the text matched, each with the words of the text that matched it. */
    List<WordRules.Hit> hits(String text) {
        return list.rules().hits(withoutGraffitiQuotes(text));
    }

    public boolean isAbusive(String text) {
        return !matches(text).isEmpty();
    }

    /** The keywords of the list without typo tolerance because an ordinary word is one letter away. */
    List<String> collisions() {
        return list.rules().collisions();
    }

    static String withoutGraffitiQuotes(String text) {
        if (text == null || !GRAFFITI.matcher(text).find()) {
            return text;
        }
        return QUOTED.matcher(text).replaceAll(" ");
    }
}
