package de.meldeweg.directory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keywords of all categories, prepared for fast lookup, and the search for them in a text.
 * The classifier builds a new one when the keywords change.
 *
 * <p>A keyword is found in a word of the text
 * <ul>
 * <li>as the whole word, also with a short ending ({@code laterne} in {@code Laternen});</li>
 * <li>as the last part of a compound, which names the thing ({@code laterne} in
 * {@code Straßenlaterne}) – keywords of 4 letters or more;</li>
 * <li>as the first part, which only qualifies it ({@code muell} in {@code Müllcontainer}), or
 * inside ({@code muell} in {@code vermüllt}, 5 letters or more) – these count less;</li>
 * <li>with one typo for keywords of 5 letters or more, two for 9 or more, when the word has 5
 * letters or more, matches nothing else and starts with the same letter ({@code Latterne},
 * {@code Schlagloh}).</li>
 * </ul>
 * Street names ({@code Brunnenstraße}) and everyday words ({@link Words#STOPWORDS}) only match a
 * keyword as a whole. Keywords of several words ({@code street light}) must appear as these words
 * in a row. A keyword written with a leading {@code =} ({@code =park}) only matches as a whole
 * word; one with a leading {@code ~} ({@code ~gehweg}, {@code ~danke}) is weak: it counts half, as
 * it mostly says where a problem is, or is only polite.
 */
final class KeywordIndex {

    /** How a keyword was found in a word; the factor applies to its weight. */
    enum Kind {
        WORD(1.0), HEAD(0.9), TYPO(0.8), MODIFIER(0.6), INSIDE(0.5);

        final double factor;

        Kind(double factor) {
            this.factor = factor;
        }
    }

    /** A keyword right after a place preposition ("am Spielplatz") says where, not what. */
    static final double WHERE_FACTOR = 0.5;

    /** A weak keyword ({@code ~gehweg}) counts half. */
    static final double WEAK_FACTOR = 0.5;

    /** How many words' matches are remembered; a town's vocabulary is much smaller. */
    private static final int CACHED_WORDS = 20_000;

    private static final Set<String> PLACE_PREPOSITIONS = Set.of(
            "am", "an", "auf", "aufm", "beim", "bei", "entlang", "hinter", "hinterm", "im", "in", "neben", "unter",
            "unterm", "vor", "vorm", "zum", "zur", "along", "at", "near", "on", "to");
    private static final Set<String> ARTICLES = Set.of(
            "der", "die", "das", "dem", "den", "des", "ein", "eine", "einem", "einen", "einer", "unserem",
            "unserer", "meinem", "meiner", "the", "a", "an", "my", "our");

    /**
     * One configured keyword.
     *
     * @param configured the keyword as configured, without {@code =} or {@code ~}
     * @param words      normalized words (more than one for a phrase)
     * @param weight     longer keywords are more specific and weigh more; weak ones half
     */
    record Keyword(String category, String configured, List<String> words, boolean wholeWordOnly, boolean weak,
            double weight) {

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

    /** A keyword found at {@code [from, to)} of one word. */
    private record Part(Keyword keyword, Kind kind, int from, int to) {
    }

    private final Map<String, List<String>> source;
    private final Map<String, List<String>> copy;
    private final List<String> categories;
    private final Map<String, List<Keyword>> words = new HashMap<>();
    private final Map<String, List<Keyword>> phrases = new HashMap<>();
    private final Map<Character, List<Keyword>> typoCandidates = new HashMap<>();
    /** Per typo candidate: how many typos it may have without an ordinary word in reach. */
    private final Map<Keyword, Integer> typoBudget = new HashMap<>();
    private final Set<String> ordinary;
    private final List<String> collisions = new ArrayList<>();
    private final List<String> partWords;
    private final AhoCorasick partAutomaton;
    private final Map<String, List<Part>> cache = new ConcurrentHashMap<>();

    KeywordIndex(Map<String, List<String>> keywordsByCategory) {
        this(keywordsByCategory, Set.of());
    }

    /**
     * @param ordinary ordinary German and English words ({@link Vocabulary}, in {@link Words#normalize}
     *                 spelling): a word of a text that is one of them is never taken as a typo, and a
     *                 keyword gets only as many typos as keep every ordinary word out of reach
     */
    KeywordIndex(Map<String, List<String>> keywordsByCategory, Set<String> ordinary) {
        this.source = keywordsByCategory;
        this.ordinary = ordinary;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        keywordsByCategory.forEach((category, list) -> copy.put(category, List.copyOf(list)));
        this.copy = copy;
        this.categories = List.copyOf(copy.keySet());
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
                if (keyword.maxTypos() > 0) {
                    typoCandidates.computeIfAbsent(keyword.word().charAt(0), c -> new ArrayList<>()).add(keyword);
                }
            }
        });
        // Every word that can be a part of a longer one, compiled into one automaton: one pass per word.
        List<String> partWords = new ArrayList<>();
        words.forEach((word, keywords) -> {
            if (word.length() >= 4 && keywords.stream().anyMatch(k -> !k.wholeWordOnly())) {
                partWords.add(word);
            }
        });
        this.partWords = List.copyOf(partWords);
        this.partAutomaton = new AhoCorasick(this.partWords);
        if (!ordinary.isEmpty()) {
            limitTypos();
        }
    }

    /** Lowers each keyword's typo tolerance until no ordinary word (other than its own endings) is in reach. */
    private void limitTypos() {
        PackedWords packed = PACKED.computeIfAbsent(ordinary,
                o -> o instanceof PackedWords p ? p : PackedWords.of(o));
        for (List<Keyword> candidates : typoCandidates.values()) {
            for (java.util.Iterator<Keyword> it = candidates.iterator(); it.hasNext();) {
                Keyword keyword = it.next();
                String word = keyword.word();
                Budget known = BUDGETS.computeIfAbsent(new BudgetKey(ordinary, word, keyword.maxTypos()),
                        k -> budget(word, k.max(), packed));
                int budget = known.typos();
                if (budget < keyword.maxTypos()) {
                    collisions.add(word + " " + keyword.maxTypos() + "->" + budget + " (" + String.join(", ", known.near()) + ")");
                }
                if (budget == 0) {
                    it.remove();
                } else {
                    typoBudget.put(keyword, budget);
                }
            }
        }
    }

    private record BudgetKey(Set<String> ordinary, String word, int max) {
        @Override
        public boolean equals(Object o) {
            return o instanceof BudgetKey k && k.ordinary == ordinary && k.word.equals(word) && k.max == max;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(ordinary) * 31 + word.hashCode() * 7 + max;
        }
    }

    private record Budget(int typos, List<String> near) {
    }

    /** Checked once per keyword and vocabulary: a rebuilt index (new keywords) only checks new keywords. */
    private static final Map<BudgetKey, Budget> BUDGETS = new ConcurrentHashMap<>();
    /** The ordinary words as a {@link PackedWords} (sorted by length and first letter), per set given. */
    private static final Map<Set<String>, PackedWords> PACKED =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    /**
     * Writes the typo budgets checked against {@code ordinary} (for {@link VocabularyCompiler}: those of
     * the shipped keywords, so that a start with them only reads them).
     */
    static void writeBudgets(Set<String> ordinary, java.io.DataOutputStream out) throws java.io.IOException {
        List<Map.Entry<BudgetKey, Budget>> entries = new ArrayList<>();
        BUDGETS.forEach((key, budget) -> {
            if (key.ordinary() == ordinary) {
                entries.add(Map.entry(key, budget));
            }
        });
        entries.sort(java.util.Comparator.comparing((Map.Entry<BudgetKey, Budget> e) -> e.getKey().word())
                .thenComparingInt(e -> e.getKey().max()));
        out.writeInt(entries.size());
        for (Map.Entry<BudgetKey, Budget> entry : entries) {
            out.writeUTF(entry.getKey().word());
            out.writeByte(entry.getKey().max());
            out.writeByte(entry.getValue().typos());
            out.writeByte(entry.getValue().near().size());
            for (String near : entry.getValue().near()) {
                out.writeUTF(near);
            }
        }
    }

    /** How many keywords' typo budgets against {@code ordinary} are known (checked or read). */
    static long budgetsKnown(Set<String> ordinary) {
        return BUDGETS.keySet().stream().filter(k -> k.ordinary() == ordinary).count();
    }

    /** Reads budgets written by {@link #writeBudgets} as checked against {@code ordinary}. */
    static void readBudgets(Set<String> ordinary, java.io.DataInputStream in) throws java.io.IOException {
        int count = in.readInt();
        Map<BudgetKey, Budget> read = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String word = in.readUTF();
            int max = in.readByte();
            int typos = in.readByte();
            List<String> near = new ArrayList<>();
            for (int n = in.readByte(); n > 0; n--) {
                near.add(in.readUTF());
            }
            read.put(new BudgetKey(ordinary, word, max), new Budget(typos, List.copyOf(near)));
        }
        BUDGETS.putAll(read);
    }

    private static Budget budget(String word, int max, PackedWords ordinary) {
        List<String> first = List.of();
        int budget = max;
        while (budget > 0) {
            List<String> near = Vocabulary.within(word, budget, ordinary,
                    w -> w.startsWith(word) && w.length() - word.length() <= 2
                            || word.startsWith(w) && word.length() - w.length() <= 2);
            if (near.isEmpty()) {
                break;
            }
            if (first.isEmpty()) {
                near.sort(null);
                first = List.copyOf(near.subList(0, Math.min(3, near.size())));
            }
            budget--;
        }
        return new Budget(budget, first);
    }

    /** Keywords whose typo tolerance was lowered, with up to three ordinary words that were in reach. */
    List<String> collisions() {
        return List.copyOf(collisions);
    }

    private static Keyword keyword(String category, String configured) {
        String text = configured.strip();
        boolean wholeWordOnly = false;
        boolean weak = false;
        while (text.startsWith("=") || text.startsWith("~")) {
            wholeWordOnly |= text.startsWith("=");
            weak |= text.startsWith("~");
            text = text.substring(1).strip();
        }
        List<String> words = Words.tokens(Words.normalize(text));
        if (words.isEmpty()) {
            return null;
        }
        int letters = words.stream().mapToInt(String::length).sum();
        return new Keyword(category, text, words, wholeWordOnly, weak, weight(letters) * (weak ? WEAK_FACTOR : 1.0));
    }

    /** 0.8 for short words (eis, icy), 1.0 for 4 letters, +0.1 per letter up to 12 letters. */
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
        List<Match> found = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            boolean where = afterPlacePreposition(tokens, i);
            findPhrases(tokens, i, offset, where, found);
            for (Part part : parts(token)) {
                found.add(new Match(part.keyword(), part.kind(), offset + part.from(), offset + part.to(), where));
            }
            offset += token.length() + 1;
        }
        List<Match> outermost = new ArrayList<>(found.size());
        for (Match match : found) {
            boolean inside = false;
            for (int j = 0; j < found.size() && !inside; j++) {
                inside = match.inside(found.get(j));
            }
            if (!inside) {
                outermost.add(match);
            }
        }
        return outermost;
    }

    private void findPhrases(List<String> tokens, int i, int offset, boolean where, List<Match> found) {
        List<Keyword> candidates = phrases.get(tokens.get(i));
        if (candidates == null) {
            return;
        }
        for (Keyword phrase : candidates) {
            List<String> words = phrase.words();
            int last = i + words.size() - 1;
            if (last >= tokens.size()) {
                continue;
            }
            int end = offset + tokens.get(i).length();
            boolean matches = true;
            for (int k = 1; k < words.size() && matches; k++) {
                String token = tokens.get(i + k);
                String word = words.get(k);
                boolean lastWord = k == words.size() - 1;
                matches = token.equals(word) || lastWord && !phrase.wholeWordOnly() && word.length() >= 4
                        && token.startsWith(word) && token.length() - word.length() <= 2;
                end += 1 + token.length();
            }
            if (matches) {
                found.add(new Match(phrase, Kind.WORD, offset, end, where));
            }
        }
    }

    /** The keywords in one word, remembered for the next time the word comes. */
    private List<Part> parts(String token) {
        List<Part> parts = cache.get(token);
        if (parts == null) {
            parts = partsOf(token);
            if (cache.size() >= CACHED_WORDS) {
                cache.clear();
            }
            cache.put(token, parts);
        }
        return parts;
    }

    private List<Part> partsOf(String token) {
        List<Part> parts = new ArrayList<>(2);
        int n = token.length();
        for (Keyword keyword : words.getOrDefault(token, List.of())) {
            parts.add(new Part(keyword, Kind.WORD, 0, n));
        }
        if (n < 4 || Words.isNumber(token) || Words.isStreetName(token) || Words.STOPWORDS.contains(token)) {
            return List.copyOf(parts);
        }
        partAutomaton.scan(token, (key, last) -> {
            String word = partWords.get(key);
            int length = word.length();
            if (length >= n) {
                return;
            }
            int start = last + 1 - length;
            int rest = n - start - length;
            Kind kind = start == 0 ? (rest <= 2 ? Kind.WORD : Kind.MODIFIER)
                    : rest <= 2 ? Kind.HEAD : length >= 5 ? Kind.INSIDE : null;
            for (Keyword keyword : words.get(word)) {
                if (kind != null && !keyword.wholeWordOnly()) {
                    parts.add(new Part(keyword, kind, start, start + length));
                }
            }
        });
        if (parts.isEmpty() && n >= 5 && !ordinary.contains(token)) {
            for (Keyword keyword : typoCandidates.getOrDefault(token.charAt(0), List.of())) {
                int max = typoBudget.getOrDefault(keyword, keyword.maxTypos());
                if (Math.abs(keyword.word().length() - n) <= max && Words.distance(token, keyword.word(), max) <= max) {
                    parts.add(new Part(keyword, Kind.TYPO, 0, n));
                }
            }
        }
        return List.copyOf(parts);
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
