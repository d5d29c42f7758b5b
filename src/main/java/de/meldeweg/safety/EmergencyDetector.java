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

    private final WordListFile list;

    public EmergencyDetector(SafetyProperties properties) {
        this.list = new WordListFile(Path.of(properties.dir(), "emergency.txt"));
    }

    /** The list entries the text matched; empty when it does not look like an emergency. */
    public List<String> matches(String text) {
        return hits(text).stream().map(WordRules.Hit::entry).toList();
    }

    /** The list entries the text matched, each with the words of the text that matched it. */
    List<WordRules.Hit> hits(String text) {
        return list.rules().hits(text);
    }

    /** The keywords of the list without typo tolerance because an ordinary word is one letter away. */
    List<String> collisions() {
        return list.rules().collisions();
    }

    public boolean isEmergency(String text) {
        return !matches(text).isEmpty();
    }
}
