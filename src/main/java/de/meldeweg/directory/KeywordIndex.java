package de.meldeweg.directory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keywords of all categories, prepared for fast lookup, and the search for them in a text.
 * Immutable; the classifier builds a new one when the keywords change.
 *
 * <p>A keyword is found in a word of the text
 * <ul>
 * <li>as the whole word, also with a short ending ({@code laterne} in {@code Laternen});</li>
 * <li>as the last part of a compound, which names the thing ({@code laterne} in
 * {@code Straßenlaterne}) – keywords of 4 letters or more;</li>
 * <li>as the first part, which only qualifies it ({@code muell} in {@code Müllcontainer}), or
 * inside ({@code muell} in {@code vermüllt}, 5 letters or more) – these count less;</li>
 * <li>with one typo for keywords of 5 letters or more, two for 9 or more, when the word matches
 * nothing else and starts with the same letter ({@code Latterne}, {@code Schlagloh}).</li>
 * </ul>
 * Keywords of several words ({@code street light}) must appear as these words in a row. A keyword
 * written with a leading {@code =} ({@code =park}) only matches as a whole word.
 */
final class KeywordIndex {

    /** How a keyword was found; the factor applies to its weight. */
    enum Kind {
        WORD(1.0), HEAD(0.9), TYPO(0.8), MODIFIER(0.6), INSIDE(0.5);

        final double factor;

        Kind(double factor) {
            this.factor = factor;
        }
    }

    /** A keyword right after a place preposition ("am Spielplatz") says where, not what. */
    static final double WHERE_FACTOR = 0.5;

    private static final Set<String> PLACE_PREPOSITIONS = Set.of(
            "am", "an", "auf", "aufm", "beim", "bei", "entlang", "hinter", "hinterm", "im", "in", "neben", "unter",
            "unterm", "vor", "vorm", "zum", "zur", "along", "at", "near", "on", "to");
    private static final Set<String> ARTICLES = Set.of(
            "der", "die", "das", "dem", "den", "des", "ein", "eine", "einem", "einen", "einer", "unserem",
            "unserer", "meinem", "meiner", "the", "a", "an", "my", "our");

    /**
     * One configured keyword.
     *
     * @param words  normalized words (more than one for a phrase)
     * @param weight longer keywords are more specific and weigh more
     */
    record Keyword(String category, String configured, List<String> words, boolean wholeWordOnly, double weight) {

        String word() {
            return words.get(0);
        }

        int maxTypos() {
            int length = word().length();
            return wholeWordOnly || words.size() > 1 || length < 5 ? 0 : length >= 9 ? 2 : 1;
        }
    }

    /** A keyword found at {@code [start, end)} of the normalized text. */
    record Match(Keyword keyword, Kind kind, int start, int end, boolean where) {

        double score() {
            return keyword.weight() * kind.factor * (where ? WHERE_FACTOR : 1.0);
        }

        boolean inside(Match other) {
            return other.start <= start && end <= other.end && other.end - other.start > end - start;
        }
    }

    private final Map<String, List<String>> source;
    private final Map<String, List<String>> copy;
    private final List<String> categories;
    private final Map<String, List<Keyword>> words = new HashMap<>();
    private final Map<String, List<Keyword>> phrases = new HashMap<>();
    private final Map<String, List<Keyword>> typoVariants = new HashMap<>();
    private final int[] partLengths;

    KeywordIndex(Map<String, List<String>> keywordsByCategory) {
        this.source = keywordsByCategory;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        keywordsByCategory.forEach((category, list) -> copy.put(category, List.copyOf(list)));
        this.copy = copy;
        this.categories = List.copyOf(copy.keySet());
        Set<Integer> lengths = new TreeSet<>();
        copy.forEach((category, list) -> {
            for (String configured : list) {
                Keyword keyword = keyword(category, configured);
                if (keyword == null) {
                    continue;
                }
                if (keyword.words().size() > 1) {
                    phrases.computeIfAbsent(keyword.word(), w -> new ArrayList<>()).add(keyword);
                    continue;
                }
                words.computeIfAbsent(keyword.word(), w -> new ArrayList<>()).add(keyword);
                if (!keyword.wholeWordOnly() && keyword.word().length() >= 4) {
                    lengths.add(keyword.word().length());
                }
                if (keyword.maxTypos() > 0) {
                    for (String variant : deletions(keyword.word(), keyword.maxTypos())) {
                        typoVariants.computeIfAbsent(variant, v -> new ArrayList<>()).add(keyword);
                    }
                }
            }
        });
        this.partLengths = lengths.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Keyword keyword(String category, String configured) {
        String text = configured.strip();
        boolean wholeWordOnly = text.startsWith("=");
        String shown = wholeWordOnly ? text.substring(1).strip() : text;
        List<String> words = Words.tokens(Words.normalize(shown));
        if (words.isEmpty()) {
            return null;
        }
        int letters = words.stream().mapToInt(String::length).sum();
        return new Keyword(category, shown, words, wholeWordOnly, weight(letters));
    }

    /** 0.8 for short words (bach, eis), 1.0 for 4 letters, +0.1 per letter up to 12 letters. */
    static double weight(int letters) {
        return letters < 4 ? 0.8 : 1.0 + 0.1 * (Math.min(letters, 12) - 4);
    }

    boolean isFor(Map<String, List<String>> keywordsByCategory) {
        return keywordsByCategory == source || copy.equals(keywordsByCategory);
    }

    List<String> categories() {
        return categories;
    }

    /** All keywords found in a normalized text, except those inside a longer keyword found there. */
    List<Match> find(String normalized) {
        List<String> tokens = Words.tokens(normalized);
        int[] offsets = new int[tokens.size()];
        for (int i = 1; i < tokens.size(); i++) {
            offsets[i] = offsets[i - 1] + tokens.get(i - 1).length() + 1;
        }
        List<Match> found = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            boolean where = afterPlacePreposition(tokens, i);
            findPhrases(tokens, offsets, i, where, found);
            int before = found.size();
            for (Keyword keyword : words.getOrDefault(token, List.of())) {
                found.add(new Match(keyword, Kind.WORD, offsets[i], offsets[i] + token.length(), where));
            }
            if (token.length() < 4 || Words.isNumber(token) || Words.isStreetName(token)
                    || Words.STOPWORDS.contains(token)) {
                continue;
            }
            findParts(token, offsets[i], where, found);
            if (found.size() == before) {
                findTypos(token, offsets[i], where, found);
            }
        }
        return found.stream().filter(m -> found.stream().noneMatch(m::inside)).toList();
    }

    private void findPhrases(List<String> tokens, int[] offsets, int i, boolean where, List<Match> found) {
        for (Keyword phrase : phrases.getOrDefault(tokens.get(i), List.of())) {
            List<String> words = phrase.words();
            int last = i + words.size() - 1;
            if (last >= tokens.size()) {
                continue;
            }
            boolean matches = true;
            for (int k = 1; k < words.size() && matches; k++) {
                String token = tokens.get(i + k);
                String word = words.get(k);
                boolean lastWord = k == words.size() - 1;
                matches = token.equals(word) || lastWord && !phrase.wholeWordOnly() && word.length() >= 4
                        && token.startsWith(word) && token.length() - word.length() <= 2;
            }
            if (matches) {
                found.add(new Match(phrase, Kind.WORD, offsets[i], offsets[last] + tokens.get(last).length(), where));
            }
        }
    }

    /** Keywords as part of a word: with an ending, as last, first or inner part of a compound. */
    private void findParts(String token, int offset, boolean where, List<Match> found) {
        int n = token.length();
        for (int length : partLengths) {
            if (length >= n) {
                break;
            }
            for (int start = 0; start + length <= n; start++) {
                List<Keyword> keywords = words.get(token.substring(start, start + length));
                if (keywords == null) {
                    continue;
                }
                int rest = n - start - length;
                Kind kind = start == 0 ? (rest <= 2 ? Kind.WORD : Kind.MODIFIER)
                        : rest <= 2 ? Kind.HEAD : length >= 5 ? Kind.INSIDE : null;
                if (kind == null) {
                    continue;
                }
                for (Keyword keyword : keywords) {
                    if (!keyword.wholeWordOnly()) {
                        found.add(new Match(keyword, kind, offset + start, offset + start + length, where));
                    }
                }
            }
        }
    }

    private void findTypos(String token, int offset, boolean where, List<Match> found) {
        Set<Keyword> candidates = new HashSet<>();
        for (String variant : deletions(token, token.length() >= 7 ? 2 : 1)) {
            candidates.addAll(typoVariants.getOrDefault(variant, List.of()));
        }
        for (Keyword keyword : candidates) {
            String word = keyword.word();
            if (word.charAt(0) == token.charAt(0) && !word.equals(token)
                    && Words.distance(token, word, keyword.maxTypos()) <= keyword.maxTypos()) {
                found.add(new Match(keyword, Kind.TYPO, offset, offset + token.length(), where));
            }
        }
    }

    /** The word and every word made from it by deleting up to {@code max} letters. */
    private static Set<String> deletions(String word, int max) {
        Set<String> result = new HashSet<>();
        result.add(word);
        Set<String> current = Set.of(word);
        for (int d = 0; d < max; d++) {
            Set<String> next = new HashSet<>();
            for (String w : current) {
                if (w.length() <= 3) {
                    continue;
                }
                for (int i = 0; i < w.length(); i++) {
                    next.add(w.substring(0, i) + w.substring(i + 1));
                }
            }
            result.addAll(next);
            current = next;
        }
        return result;
    }

    /**
     * Whether the word follows a place preposition, maybe with an article and a place adjective
     * between: "am Spielplatz", "auf dem Radweg", "bei den Hirsauer Wiesen", "on the pavement".
     */
    static boolean afterPlacePreposition(List<String> tokens, int i) {
        int j = i - 1;
        if (j >= 1 && tokens.get(j).length() >= 5 && tokens.get(j).endsWith("er")
                && !PLACE_PREPOSITIONS.contains(tokens.get(j)) && !ARTICLES.contains(tokens.get(j))) {
            j--;
        }
        if (j >= 1 && ARTICLES.contains(tokens.get(j))) {
            j--;
        }
        return j >= 0 && PLACE_PREPOSITIONS.contains(tokens.get(j));
    }
}
