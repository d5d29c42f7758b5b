package de.meldeweg.safety;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A word list as rules, one per line of a file in {@code config/safety/}:
 *
 * <pre>
 * # comment
 * unfall !beinahe !bevor         a word; it counts unless a "!" word is in the same sentence
 * riecht nach gas                several words: these words in a row
 * keller | wohnung + unter wasser   "|" alternatives, "+" all groups in the same sentence
 * =rauch                         only the whole word (no endings, no typos)
 * *arschloch                     also at the end of a compound ("Vollarschloch")
 * hurensohn*                     also at the start of a compound
 * -spastik                       never counts, whatever other entries say
 * </pre>
 *
 * A plain word also matches with common German and English endings (Idiot, Idioten, Idiotin)
 * and, from seven letters on, with one typo. Every entry is normalized like the messages
 * ({@link SafetyText}): write it as you would spell it, umlauts and all.
 */
final class WordRules {

    private static final List<String> ENDINGS = List.of("", "e", "en", "er", "ern", "es", "s", "n", "in", "inen", "i", "is", "t");
    private static final int TYPO_FROM = 7;

    private enum Mode { WORD, EXACT, SUFFIX, PREFIX }

    /**
     * One word of an entry.
     *
     * @param fuzzy    typo tolerance: seven letters or more, and no ordinary word one edit away
     * @param ordinary the ordinary words: a word of the message that is one is never a typo
     */
    private record Term(String word, Mode mode, boolean fuzzy, Set<String> ordinary) {
        boolean matches(String token) {
            if (token.indexOf('*') > 0 && mode != Mode.PREFIX) {
                return masked(token);
            }
            return switch (mode) {
                case EXACT -> token.equals(word);
                case WORD -> withEnding(token, false) || typo(token);
                case SUFFIX -> withEnding(token, true) || typo(token);
                case PREFIX -> token.startsWith(word);
            };
        }

        private boolean typo(String token) {
            return fuzzy && oneTypo(token, word) && !ordinary.contains(token);
        }

        /** The keyword's own forms (word plus an ending), which are no collision. */
        boolean ownForm(String token) {
            if (withEnding(token, mode == Mode.SUFFIX)) {
                return true;
            }
            // The keyword is a form of this word: "bewusstlose" of "bewusstlos", "verletzt" of "verletz(en)".
            return word.startsWith(token) && ENDINGS.contains(word.substring(token.length()));
        }

        /** "F*tze", "A*schloch": a star standing for one or two letters. */
        private boolean masked(String token) {
            StringBuilder regex = new StringBuilder();
            boolean first = true;
            for (String part : token.split("\\*", -1)) {
                if (!first) {
                    regex.append("\\p{L}{1,2}");
                }
                first = false;
                regex.append(java.util.regex.Pattern.quote(part));
            }
            java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex.toString());
            for (String ending : mode == Mode.EXACT ? List.of("") : ENDINGS) {
                if (pattern.matcher(word + ending).matches()) {
                    return true;
                }
            }
            return false;
        }

        private boolean withEnding(String token, boolean suffix) {
            int w = word.length();
            for (String ending : ENDINGS) {
                int end = token.length() - ending.length();
                if (end < w || !token.endsWith(ending)) {
                    continue;
                }
                if (suffix ? token.startsWith(word, end - w) : end == w && token.startsWith(word)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One alternative: one or more terms in a row. */
    private record Phrase(List<Term> terms, String text) {
        int matchAt(List<String> tokens, int start) {
            if (start + terms.size() > tokens.size()) {
                return -1;
            }
            for (int i = 0; i < terms.size(); i++) {
                if (!terms.get(i).matches(tokens.get(start + i))) {
                    return -1;
                }
            }
            return start;
        }
    }

    private record Rule(String source, List<List<Phrase>> groups, List<String> vetoes) {
    }

    /** An entry that matched, and the words of the message that made it match. */
    record Hit(String entry, List<String> words) {
    }

    /** Groups joined by "+" must be found within this many words of each other (and in one clause). */
    static final int WINDOW = 6;

    private final List<Rule> rules;
    private final Set<String> never;
    private final List<String> collisions;

    /** The strings one of which a clause must contain for a rule to match, compiled once per list. */
    private final de.meldeweg.directory.AhoCorasick keys;
    /** Per key: the rules (indexes) it makes worth checking. */
    private final int[][] rulesOfKey;

    private WordRules(List<Rule> rules, Set<String> never, List<String> collisions) {
        this.rules = rules;
        this.never = never;
        this.collisions = collisions;
        List<String> keyList = new ArrayList<>();
        java.util.Map<String, List<Integer>> byKey = new java.util.LinkedHashMap<>();
        for (int r = 0; r < rules.size(); r++) {
            for (Phrase phrase : rules.get(r).groups().get(0)) {
                for (String key : keys(phrase.terms().get(0))) {
                    byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
                }
            }
        }
        int[][] of = new int[byKey.size()][];
        int k = 0;
        for (java.util.Map.Entry<String, List<Integer>> e : byKey.entrySet()) {
            keyList.add(e.getKey());
            of[k++] = e.getValue().stream().mapToInt(Integer::intValue).distinct().toArray();
        }
        this.keys = new de.meldeweg.directory.AhoCorasick(keyList);
        this.rulesOfKey = of;
    }

    /**
     * What a token (or two tokens written together) that the term matches must contain: the word
     * itself (with an ending, at the end of a compound, at its start), or, for a word with typo
     * tolerance, one of its three thirds (one typo changes at most two neighbouring letters, so one
     * third is left as it is).
     */
    private static List<String> keys(Term term) {
        String w = term.word();
        if (!term.fuzzy()) {
            return List.of(w);
        }
        int a = w.length() / 3;
        int b = 2 * w.length() / 3;
        return List.of(w.substring(0, a), w.substring(a, b), w.substring(b));
    }

    /**
     * The rules worth checking for a clause: those whose first group has a key in it, found in one
     * pass over the clause's words written together (which also covers "Arsch loch"). A word with a
     * "*" in it ("A*schloch") may stand for any: then all rules.
     */
    private java.util.BitSet candidateRules(List<String> tokens) {
        java.util.BitSet candidates = new java.util.BitSet(rules.size());
        StringBuilder together = new StringBuilder();
        for (String token : tokens) {
            if (token.indexOf('*') >= 0) {
                candidates.set(0, rules.size());
                return candidates;
            }
            together.append(token);
        }
        keys.scan(together, key -> {
            for (int r : rulesOfKey[key]) {
                candidates.set(r);
            }
        });
        return candidates;
    }

    static WordRules parse(List<String> lines) {
        return parse(lines, Set.of());
    }

    /**
     * The rules of a list; {@code ordinary} are the ordinary words in {@link SafetyText#token}
     * spelling: a word with one of them a typo away gets no typo tolerance ({@link #collisions()}).
     */
    static WordRules parse(List<String> lines, Set<String> ordinary) {
        List<Rule> rules = new ArrayList<>();
        Set<String> never = new HashSet<>();
        Set<String> collisions = new java.util.TreeSet<>();
        for (String line : lines) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            if (entry.startsWith("-")) {
                String token = SafetyText.token(entry.substring(1));
                if (!token.isEmpty()) {
                    never.add(token);
                }
                continue;
            }
            List<String> vetoes = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            for (String part : entry.split("\\s+")) {
                if (part.startsWith("!") && part.length() > 1) {
                    vetoes.add(SafetyText.token(part.substring(1)));
                } else {
                    body.append(part).append(' ');
                }
            }
            List<List<Phrase>> groups = new ArrayList<>();
            for (String group : body.toString().split("\\+")) {
                List<Phrase> alternatives = new ArrayList<>();
                for (String alternative : group.split("\\|")) {
                    Phrase phrase = phrase(alternative.strip(), ordinary, collisions);
                    if (phrase != null) {
                        alternatives.add(phrase);
                    }
                }
                if (!alternatives.isEmpty()) {
                    groups.add(alternatives);
                }
            }
            if (!groups.isEmpty()) {
                rules.add(new Rule(entry, groups, vetoes));
            }
        }
        return new WordRules(List.copyOf(rules), Set.copyOf(never), List.copyOf(collisions));
    }

    private static Phrase phrase(String text, Set<String> ordinary, Set<String> collisions) {
        List<Term> terms = new ArrayList<>();
        for (String word : text.split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            Mode mode = Mode.WORD;
            if (word.startsWith("=")) {
                mode = Mode.EXACT;
                word = word.substring(1);
            } else if (word.startsWith("*")) {
                mode = Mode.SUFFIX;
                word = word.substring(1);
            } else if (word.endsWith("*")) {
                mode = Mode.PREFIX;
                word = word.substring(0, word.length() - 1);
            }
            String token = SafetyText.token(word);
            if (!token.isEmpty()) {
                boolean fuzzy = (mode == Mode.WORD || mode == Mode.SUFFIX) && token.length() >= TYPO_FROM;
                if (fuzzy && !ordinary.isEmpty()) {
                    Term plain = new Term(token, mode, false, ordinary);
                    List<String> near = de.meldeweg.directory.Vocabulary.oneEditAway(token, ordinary, plain::ownForm);
                    if (!near.isEmpty()) {
                        fuzzy = false;
                        collisions.add(token + " (" + String.join(", ", near.subList(0, Math.min(3, near.size()))) + ")");
                    }
                }
                terms.add(new Term(token, mode, fuzzy, ordinary));
            }
        }
        return terms.isEmpty() ? null : new Phrase(List.copyOf(terms), text);
    }

    int size() {
        return rules.size();
    }

    /** Keywords whose typo tolerance is off because an ordinary word is one edit away (with up to three such words). */
    List<String> collisions() {
        return collisions;
    }

    /** The entries that match the text, in list order; empty when none does. */
    List<String> matches(String text) {
        return hits(text).stream().map(Hit::entry).toList();
    }

    /** The entries that match the text, each with the words that made it match. */
    List<Hit> hits(String text) {
        return hits(SafetyText.read(text));
    }

    /** The same, for a text already read. */
    List<Hit> hits(SafetyText.Reading text) {
        java.util.Map<String, Hit> found = new java.util.LinkedHashMap<>();
        for (List<String> sentence : text.sentences()) {
            List<String> tokens = candidates(sentence);
            List<String> joined = joined(tokens);
            java.util.BitSet candidates = candidateRules(tokens);
            for (int r = candidates.nextSetBit(0); r >= 0; r = candidates.nextSetBit(r + 1)) {
                Rule rule = rules.get(r);
                if (!found.containsKey(rule.source())) {
                    List<String> words = match(rule, tokens, joined);
                    if (words != null) {
                        found.put(rule.source(), new Hit(rule.source(), words));
                    }
                }
            }
        }
        return List.copyOf(found.values());
    }

    /** As {@link #hits}, but checking every rule in every clause (without the automaton): to compare with. */
    List<Hit> hitsCheckingEveryRule(String text) {
        java.util.Map<String, Hit> found = new java.util.LinkedHashMap<>();
        for (List<String> sentence : SafetyText.sentences(text)) {
            List<String> tokens = candidates(sentence);
            List<String> joined = joined(tokens);
            for (Rule rule : rules) {
                if (!found.containsKey(rule.source())) {
                    List<String> words = match(rule, tokens, joined);
                    if (words != null) {
                        found.put(rule.source(), new Hit(rule.source(), words));
                    }
                }
            }
        }
        return List.copyOf(found.values());
    }

    /** The sentence's tokens, never-words blanked out. */
    private List<String> candidates(List<String> sentence) {
        List<String> tokens = new ArrayList<>();
        for (String token : sentence) {
            tokens.add(never.contains(token) ? "" : token);
        }
        return tokens;
    }

    /** The words of the clause that match the rule, or null: every group within {@link #WINDOW} words of the first. */
    private List<String> match(Rule rule, List<String> tokens, List<String> joined) {
        List<List<int[]>> places = new ArrayList<>();
        for (List<Phrase> group : rule.groups()) {
            List<int[]> found = places(group, tokens, joined);
            if (found.isEmpty()) {
                return null;
            }
            places.add(found);
        }
        for (String veto : rule.vetoes()) {
            for (String token : tokens) {
                if (token.contains(veto)) {
                    return null;
                }
            }
        }
        for (int[] first : places.get(0)) {
            List<String> words = new ArrayList<>(tokens.subList(first[0], first[1]));
            boolean all = true;
            for (int g = 1; g < places.size() && all; g++) {
                int[] near = null;
                for (int[] place : places.get(g)) {
                    if (Math.abs(place[0] - first[0]) <= WINDOW) {
                        near = place;
                        break;
                    }
                }
                all = near != null;
                if (near != null) {
                    words.addAll(tokens.subList(near[0], near[1]));
                }
            }
            if (all) {
                return words;
            }
        }
        return null;
    }

    /** Where the alternatives of one group are found in the clause: {start, end} token indexes. */
    /** Each word joined with the next ("Arsch loch"), or null where that makes no candidate. */
    private List<String> joined(List<String> tokens) {
        List<String> joined = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            String pair = null;
            if (i + 1 < tokens.size() && tokens.get(i).length() >= 2 && tokens.get(i + 1).length() >= 2) {
                pair = tokens.get(i) + tokens.get(i + 1);
                if (never.contains(pair)) {
                    pair = null;
                }
            }
            joined.add(pair);
        }
        return joined;
    }

    private List<int[]> places(List<Phrase> alternatives, List<String> tokens, List<String> joined) {
        List<int[]> places = new ArrayList<>(2);
        for (Phrase phrase : alternatives) {
            for (int i = 0; i < tokens.size(); i++) {
                if (phrase.matchAt(tokens, i) >= 0) {
                    places.add(new int[] {i, i + phrase.terms().size()});
                }
            }
        }
        if (!places.isEmpty()) {
            return places;
        }
        // A single word split in two by a space: "Arsch loch".
        for (Phrase phrase : alternatives) {
            for (int i = 0; i < tokens.size(); i++) {
                String pair = joined.get(i);
                if (pair != null && phrase.terms().size() == 1 && phrase.terms().get(0).mode() != Mode.PREFIX
                        && phrase.terms().get(0).matches(pair)) {
                    places.add(new int[] {i, i + 2});
                }
            }
        }
        return places;
    }

    /** Damerau–Levenshtein distance of at most one: one letter wrong, missing, extra or two swapped. */
    static boolean oneTypo(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        int la = a.length();
        int lb = b.length();
        if (Math.abs(la - lb) > 1) {
            return false;
        }
        int i = 0;
        while (i < Math.min(la, lb) && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (la == lb) {
            if (a.substring(i + 1).equals(b.substring(i + 1))) {
                return true;
            }
            return i + 1 < la && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
                    && a.substring(i + 2).equals(b.substring(i + 2));
        }
        return la > lb ? a.substring(i + 1).equals(b.substring(i)) : a.substring(i).equals(b.substring(i + 1));
    }
}
