package de.meldeweg.location;

import de.meldeweg.directory.EditDistance;
import de.meldeweg.directory.Spelling;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How place names are compared: lower case, umlauts written out ({@code ä→ae, ß→ss}), other
 * accents dropped, and the ending of a street written the many ways people write it
 * ({@code Straße, Strasse, Str., Strase}) reduced to {@code str}.
 */
final class PlaceText {

    private static final Pattern STREET_ENDING = Pattern.compile("str(?:asse|ase|sse|se|aase)?$");
    /** Endings that make a name unmistakably a street: it may be matched in any case and with typos. */
    private static final List<String> STREET_TYPES = List.of("str", "weg", "gasse", "platz", "allee", "steige", "steig", "ring",
            "graben", "ufer", "staffel", "staffeln", "pfad", "halde", "damm", "bruecke", "gaessle", "gaesschen", "wiesen",
            "berg", "hof", "tal", "hang", "hoehe", "buehl", "weiher", "markt");

    private PlaceText() {
    }

    /** A word of the original text with where it stands. */
    record Token(String original, String norm, int start, int end, boolean number) {

        boolean capitalised() {
            return !original.isEmpty() && Character.isUpperCase(original.charAt(0));
        }
    }

    static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        if (text == null) {
            return tokens;
        }
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                int start = i;
                while (i < text.length() && Character.isLetter(text.charAt(i))) {
                    i++;
                }
                String original = text.substring(start, i);
                tokens.add(new Token(original, spell(original), start, i, false));
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(text.substring(start, i), text.substring(start, i), start, i, true));
            } else {
                i++;
            }
        }
        return tokens;
    }

    /** A word or name in lower case with umlauts written out, letters and digits only (as the classifier spells it). */
    static String spell(String text) {
        return Spelling.of(text);
    }

    /** Words joined without spaces or hyphens, with the street ending reduced: {@code Altburger Str.} = {@code altburgerstr}. */
    static String compact(List<String> words) {
        return STREET_ENDING.matcher(String.join("", words)).replaceFirst("str");
    }

    static String compact(String name) {
        return compact(tokens(name).stream().map(Token::norm).toList());
    }

    /** The name ends like a street ({@code -straße, -weg, -gasse, -platz ...}). */
    static boolean streetLike(String compact) {
        for (String type : STREET_TYPES) {
            if (compact.endsWith(type) && compact.length() > type.length() + 2) {
                return true;
            }
        }
        return false;
    }

    /** How many typos a name of this length may carry and still be recognised. */
    static int typosAllowed(String compact) {
        return compact.length() >= 12 ? 2 : compact.length() >= 7 ? 1 : 0;
    }

    /** See {@link EditDistance#atMost}. */
    static int distance(String a, String b, int max) {
        return EditDistance.atMost(a, b, max);
    }
}
