package de.meldeweg.safety;

/**
 * The spelling of the safety lists ({@link SafetyText#token}) for the ordinary words' compiled form
 * ({@link de.meldeweg.directory.VocabularyCompiler}), under the name the lists ask for them by.
 */
public final class SafetySpelling {

    /** The name of this spelling in {@link de.meldeweg.directory.Vocabulary#spelled}. */
    public static final String NAME = "safety";

    private SafetySpelling() {
    }

    /** One word in the safety lists' spelling. */
    public static String of(String word) {
        return SafetyText.token(word);
    }
}
