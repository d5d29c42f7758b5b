package de.meldeweg.directory;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How the classifier reads text: lower case, umlauts written out ({@code ä→ae, ö→oe, ü→ue, ß→ss}),
 * other accents dropped, everything that is not a letter or digit a word break.
 */
final class Words {

    /**
     * Everyday words that never match a keyword inside a compound or with a typo (a keyword that is
     * exactly this word still would). Besides function words these are words one typo away from a
     * keyword or containing one, found by checking the keywords against German and English word
     * lists: {@code stadt} is no typo of {@code staut}, {@code glaube} not about {@code laub}.
     */
    static final Set<String> STOPWORDS = Set.of(
            // function words
            "aber", "alle", "alles", "auch", "bitte", "dann", "dass", "denn", "diese", "diesem", "dieser", "doch",
            "eine", "einem", "einen", "einer", "etwas", "ganz", "gleich", "habe", "haben", "hallo", "hier",
            "hinter", "immer", "jetzt", "kann", "kein", "keine", "koennen", "koennte", "mehr", "meine", "nach",
            "nicht", "nichts", "noch", "oder", "schon", "sehr", "seit", "sind", "ueber", "unter", "viel", "viele",
            "wann", "warum", "weil", "wenn", "wieder", "wird", "wurde", "about", "after", "also", "been", "from",
            "have", "here", "near", "please", "since", "some", "still", "that", "there", "this", "very", "what",
            "when", "where", "which", "with", "would",
            // German words near a keyword
            "abmelden", "ballen", "brennen", "bullen", "denke", "einkauf", "erlaube", "erlauben", "erlaubt",
            "fallen", "fenster", "fuellen", "gaben", "gedanke", "gedanken", "gefuellt", "gemacht", "glaub",
            "glaube", "glauben", "glaubt", "grauen", "hundert", "kasse", "krasse", "leichte", "leichter", "leicht",
            "machen", "mueller", "pflicht", "platzen", "pollen", "ragen", "raten", "riese", "rosen", "scheiben", "schicht",
            "schritt", "schuld", "schuppen", "schutz", "sitze", "spritze", "stadt", "statt", "stube", "tannen",
            "truppe", "unfreundlich", "urlaub", "vereint", "verkehrt", "verlaub", "verreist", "weise", "wieso", "zeige", "zweite",
            // English words near a keyword
            "abroad", "beach", "broad", "checked", "checker", "delight", "drink", "filed", "filing", "fired",
            "firing", "flight", "floor", "glass", "gross", "hundred", "ideal", "latter", "letter", "liter",
            "partly", "parts", "prime", "slight", "slightly", "street", "streets", "tanks", "tempt", "thinks",
            "thunder", "tries");

    /**
     * Endings of street names (Bahnhofstraße, Lederstr, Biergasse, Altburger Steige). Such a word
     * says where, not what: it matches a keyword only as a whole (e.g. {@code einbahnstrasse}),
     * never by its parts, so {@code Brunnenstraße} is not about a {@code brunnen}.
     */
    private static final String[] STREET_ENDINGS = {"strasse", "str", "gasse", "steige", "allee"};

    private Words() {
    }

    /** The text in lower case, umlauts written out, words separated by single spaces. */
    static String normalize(String text) {
        if (text == null) {
            return "";
        }
        String lower = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length() + 8);
        boolean space = true;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            int before = out.length();
            spell(c, out);
            if (out.length() > before) {
                space = false;
            } else if (!space) {
                out.append(' ');
                space = true;
            }
        }
        int end = out.length();
        if (end > 0 && out.charAt(end - 1) == ' ') {
            out.setLength(end - 1);
        }
        return out.toString();
    }

    /** Appends the ASCII letters for one lower-case character; nothing for a word break. */
    private static void spell(char c, StringBuilder out) {
        Spelling.append(c, out);
    }

    /** The words of a normalized text. */
    static List<String> tokens(String normalized) {
        List<String> tokens = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= normalized.length(); i++) {
            if (i == normalized.length() || normalized.charAt(i) == ' ') {
                if (i > start) {
                    tokens.add(normalized.substring(start, i));
                }
                start = i + 1;
            }
        }
        return tokens;
    }

    static boolean isStreetName(String token) {
        for (String ending : STREET_ENDINGS) {
            if (token.endsWith(ending)) {
                return true;
            }
        }
        return false;
    }

    static boolean isNumber(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) < '0' || token.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** See {@link EditDistance#atMost}. */
    static int distance(String a, String b, int max) {
        return EditDistance.atMost(a, b, max);
    }
}
