package de.meldeweg.replies;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A citizen's short reply to the "an answer is waiting" template ("Ok", "Ja bitte", "Danke 👍", a
 * tap on a quick-reply button): it opens the 24-hour window so the held answer can go out, and it
 * is no new report. Anything with more to say than that is a message like any other.
 */
public final class AnswerRequest {

    /** At most this many words; every one of them from {@link #WORDS}. */
    private static final int MAX_WORDS = 6;
    private static final Set<String> WORDS = Set.of(
            "ok", "okay", "oke", "okey", "oki", "k", "ja", "jaa", "jo", "jep", "gern", "gerne", "bitte", "danke", "dankeschoen",
            "vielen", "dank", "super", "prima", "gut", "her", "damit", "schicken", "senden", "sie", "mir", "die", "antwort",
            "zeigen", "anzeigen", "lesen", "hallo", "hi", "moin", "servus", "yes", "please", "thanks", "thank", "you", "send", "show",
            "me", "the", "answer", "it", "sure", "hello");

    private AnswerRequest() {
    }

    /** True for a short acknowledgement that asks for nothing but the waiting answer. */
    public static boolean acknowledges(String text) {
        if (text == null || text.isBlank() || text.length() > 80) {
            return false;
        }
        String folded = Normalizer.normalize(text.toLowerCase(Locale.GERMAN)
                        .replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss"), Normalizer.Form.NFKC);
        // Letters and digits make words; emoji, punctuation and spaces only separate them.
        List<String> words = Arrays.stream(folded.split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            // Only emoji or punctuation ("👍", "🙏", "!"): an acknowledgement, not a report.
            return true;
        }
        return words.size() <= MAX_WORDS && words.stream().allMatch(WORDS::contains);
    }
}
