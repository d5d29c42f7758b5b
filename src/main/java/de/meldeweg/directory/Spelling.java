package de.meldeweg.directory;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How words are spelled for matching, for keywords as for street and place names: lower case,
 * umlauts written out ({@code ä→ae, ö→oe, ü→ue, ß→ss}), other accents dropped, letters and digits only.
 */
public final class Spelling {

    private Spelling() {
    }

    /** A word or name in lower case with umlauts written out, letters and digits only: {@code Größe} = {@code groesse}. */
    public static String of(String text) {
        String lower = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length() + 4);
        for (int i = 0; i < lower.length(); i++) {
            append(lower.charAt(i), out);
        }
        return out.toString();
    }

    /** Appends the ASCII letters for one lower-case character; nothing for a word break. */
    static void append(char c, StringBuilder out) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out.append(c);
            return;
        }
        switch (c) {
            case 'ä' -> out.append("ae");
            case 'ö' -> out.append("oe");
            case 'ü' -> out.append("ue");
            case 'ß' -> out.append("ss");
            default -> {
                if (Character.isLetter(c)) {
                    char base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD).charAt(0);
                    if (base >= 'a' && base <= 'z') {
                        out.append(base);
                    }
                }
            }
        }
    }
}
