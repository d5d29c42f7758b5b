package de.meldeweg.safety;

import java.nio.file.Path;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Recognizes insulting, racist or degrading words from the editable list
 * {@code config/safety/abuse.txt}, through the usual tricks (spacing, punctuation, leetspeak,
 * repeated letters, umlauts), but as words: "Schwanenweg", "Klassiker" or "Spastik" stay what
 * they are.
 */
@Component
public class AbuseFilter {

    private final WordListFile list;

    public AbuseFilter(SafetyProperties properties) {
        this.list = new WordListFile(Path.of(properties.dir(), "abuse.txt"));
    }

    /** The list entries the text matched; empty when it is fit to forward. */
    public List<String> matches(String text) {
        return list.rules().matches(text);
    }

    public boolean isAbusive(String text) {
        return !matches(text).isEmpty();
    }
}
