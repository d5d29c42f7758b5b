package de.meldeweg.language;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tells the language of a short message: German, English, Turkish, Arabic, Ukrainian or Russian.
 * The script decides first (Arabic; Cyrillic, where Ukrainian and Russian have letters of their
 * own: і ї є ґ against ы э ъ ё); Latin-script text is scored by its everyday words (the, bitte,
 * lütfen ...) and letters only one language has (ä ß; ğ ş ı). A text without enough evidence (a
 * single "Ok", a street name, a number) gives no answer: the caller keeps German.
 */
public final class LanguageDetector {

    private static final Map<String, Set<String>> WORDS = new LinkedHashMap<>();

    static {
        WORDS.put("de", Set.of("der", "die", "das", "und", "ist", "nicht", "ein", "eine", "einen", "im", "auf", "bei", "mit", "von",
                "zu", "seit", "bitte", "vor", "dem", "den", "des", "es", "ich", "wir", "hier", "danke", "kaputt", "liegt", "steht",
                "straße", "strasse", "wieder", "schon", "noch", "auch", "sehr", "gibt", "kein", "keine", "wo", "wie", "meine",
                "meiner", "ist's", "klemmt", "am", "über", "für", "um", "beim", "vom", "zum", "zur", "mal", "dort", "müll", "laterne", "hallo", "guten", "tag", "vielen", "dank", "sind", "wird", "hat"));
        WORDS.put("en", Set.of("the", "and", "is", "are", "not", "a", "on", "at", "with", "of", "to", "please", "there",
                "street", "broken", "it", "we", "this", "here", "thanks", "thank", "you", "since", "hello", "hi", "my", "report",
                "has", "been", "for", "near", "outside", "again", "light", "rubbish", "trash", "pothole", "road", "what", "where",
                "days", "weeks", "lot", "very", "can", "someone", "fix"));
        WORDS.put("tr", Set.of("ve", "bir", "bu", "da", "de", "için", "çok", "var", "yok", "ile", "ne", "ama", "sokak", "sokağı",
                "cadde", "caddesi", "önünde", "lütfen", "teşekkürler", "teşekkür", "ederim", "bozuk", "burada", "mi", "mı", "mu",
                "merhaba", "günler", "gündür", "hafta", "çöp", "lamba", "yanmıyor", "kırık", "durum", "durumu", "şikayetim",
                "şikayet", "benim", "yolda", "yol", "sokakta", "selam", "iyi", "günaydın", "kaldırım", "çukur"));
    }

    private static final Set<String> UKRAINIAN = Set.of("і", "на", "не", "це", "що", "біля", "вулиці", "вулиця", "дуже", "будь",
            "ласка", "дякую", "зламаний", "зламана", "ліхтар", "сміття", "тут", "вже", "днів", "тиждень", "мій", "моя", "привіт",
            "добрий", "день", "статус", "яма", "дорозі", "який", "як", "де", "є");
    private static final Set<String> RUSSIAN = Set.of("и", "на", "не", "это", "что", "около", "улице", "улица", "очень",
            "пожалуйста", "спасибо", "сломан", "сломана", "фонарь", "мусор", "здесь", "уже", "дней", "неделю", "мой", "моя",
            "привет", "здравствуйте", "добрый", "день", "статус", "яма", "дороге", "какой", "как", "где", "есть");

    private LanguageDetector() {
    }

    /** The language's code (de, en, tr, ar, uk, ru), or empty when the text does not say enough. */
    public static Optional<String> detect(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        int arabic = 0;
        int cyrillic = 0;
        int latin = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isLetter(c)) {
                continue;
            }
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            if (script == Character.UnicodeScript.ARABIC) {
                arabic++;
            } else if (script == Character.UnicodeScript.CYRILLIC) {
                cyrillic++;
            } else if (script == Character.UnicodeScript.LATIN) {
                latin++;
            }
        }
        int letters = arabic + cyrillic + latin;
        if (letters < 2) {
            return Optional.empty();
        }
        if (arabic * 2 > letters) {
            return Optional.of("ar");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        String[] words = lower.split("[^\\p{L}']+");
        if (cyrillic * 2 > letters) {
            return Optional.of(cyrillic(lower, words));
        }
        Map<String, Integer> scores = new LinkedHashMap<>();
        WORDS.forEach((language, list) -> {
            int score = 0;
            for (String word : words) {
                if (list.contains(word)) {
                    score += 2;
                }
            }
            scores.put(language, score);
        });
        scores.merge("de", count(lower, "äß") * 2 + count(lower, "öü"), Integer::sum);
        scores.merge("tr", count(lower, "ğşı") * 3, Integer::sum);
        String best = null;
        int bestScore = 0;
        int second = 0;
        for (Map.Entry<String, Integer> score : scores.entrySet()) {
            if (score.getValue() > bestScore) {
                second = bestScore;
                bestScore = score.getValue();
                best = score.getKey();
            } else if (score.getValue() > second) {
                second = score.getValue();
            }
        }
        // At least two pieces of evidence, and clearly ahead of the next language.
        if (best == null || bestScore < 4 || bestScore <= second) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    private static String cyrillic(String lower, String[] words) {
        int uk = count(lower, "іїєґ") * 3;
        int ru = count(lower, "ыэъё") * 3;
        for (String word : words) {
            if (UKRAINIAN.contains(word) && !RUSSIAN.contains(word)) {
                uk += 2;
            }
            if (RUSSIAN.contains(word) && !UKRAINIAN.contains(word)) {
                ru += 2;
            }
        }
        // Without any sign of Ukrainian, Cyrillic text is taken for Russian.
        return uk > ru ? "uk" : "ru";
    }

    private static int count(String text, String letters) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (letters.indexOf(text.charAt(i)) >= 0) {
                n++;
            }
        }
        return n;
    }
}
