package de.meldeweg.language;

import java.util.List;
import java.util.Map;

/** The languages Meldeweg answers citizens in; German is the default and the fallback. */
public final class Languages {

    public static final String GERMAN = "de";
    public static final List<String> SUPPORTED = List.of("de", "en", "tr", "ar", "uk", "ru");
    private static final Map<String, String> GERMAN_NAMES = Map.of("de", "Deutsch", "en", "Englisch", "tr", "Türkisch",
            "ar", "Arabisch", "uk", "Ukrainisch", "ru", "Russisch");

    private Languages() {
    }

    /** The language's name in German, for the department's mail ("Sprache: Englisch"). */
    public static String germanName(String code) {
        if (code == null) {
            return "Deutsch (nicht sicher erkannt)";
        }
        return GERMAN_NAMES.getOrDefault(code, code);
    }
}
