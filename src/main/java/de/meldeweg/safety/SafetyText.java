package de.meldeweg.safety;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a message into the one spelling the word lists are written in, so that the tricks people
 * use to get a word past a filter do not work: letters spaced out ({@code A r s c h}), punctuation
 * inside words ({@code A.r.s.c.h}, {@code Arsch-loch}), leetspeak ({@code 4rschl0ch}), repeated
 * letters ({@code Arschhhloch}), accents and umlauts written either way ({@code ö}, {@code oe},
 * {@code o}). Word-list entries pass through the same steps, so both sides always compare alike.
 *
 * <p>The result is a list of sentences, each a list of tokens: rules look for their words within
 * one sentence, so "Die Laterne brennt nicht. Es brennt!" keeps its two sentences apart.
 *
 * <p>Public only for its spelling ({@link #SPELLING}, {@link #token}): the ordinary words are kept in
 * it, read at start-up ({@code WordListFile}) and compiled at build time
 * ({@link de.meldeweg.directory.VocabularyCompiler}); both ask for it by the same name and function.
 */
public final class SafetyText {

    /** The name of the word lists' spelling in {@link de.meldeweg.directory.Vocabulary#spelled}. */
    public static final String SPELLING = "safety";

    /** Three or more single characters separated by spaces or dots: a spaced-out word. */
    private static final Pattern SPACED = Pattern.compile(
            "(?<![\\p{L}\\p{N}])(?:[\\p{L}\\p{N}@$][\\s.\\-_*·]{1,3}){2,}[\\p{L}\\p{N}@$](?![\\p{L}\\p{N}])");
    private static final Pattern SPACED_GAP = Pattern.compile("[\\s.\\-_*·]+");
    /**
     * Clause ends: ! ? ; line breaks, a comma (not inside a number), and a dot before a space or the
     * end. Words of one rule must stand in one clause: "Vor dem Haus, die Straße steht unter Wasser".
     */
    private static final Pattern SENTENCE_END = Pattern.compile("[!?;\\n\\r]+|,(?!\\d)|\\.(?=\\s|$)");
    private static final Pattern EDGE = Pattern.compile("^[^\\p{L}\\p{N}@$]+|[^\\p{L}\\p{N}]+$");
    /** Characters people put inside a word to split it for a filter, but not for a reader. */
    private static final Pattern INNER_PUNCTUATION = Pattern.compile("[.\\-_'’`´·+~|:\"]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern REPEATS = Pattern.compile("(.)\\1+");

    private SafetyText() {
    }

    /**
     * A text read once in the lists' spelling: its sentences for the word lists ({@link WordRules}) and the
     * same tokens for the classifier ({@link TextModel}), so that the emergency and abuse checks and the
     * classification of one text read it once, not once each.
     */
    public static final class Reading implements de.meldeweg.directory.ReadText {
        private final String text;
        private final List<List<String>> sentences;
        private final String[] features;
        /** What the trained classifier describes the text by ({@link TextFeatures}), computed when first asked. */
        private volatile String[] modelFeatures;

        private Reading(String text) {
            this.text = text;
            this.sentences = SafetyText.sentences(text);
            int n = 0;
            for (List<String> sentence : sentences) {
                n += sentence.size() + 1;
            }
            String[] tokens = new String[n];
            int i = 0;
            for (List<String> sentence : sentences) {
                for (String token : sentence) {
                    tokens[i++] = token;
                }
                tokens[i++] = SENTENCE_MARK;
            }
            this.features = tokens;
        }

        @Override
        public String text() {
            return text;
        }

        /** The sentences, each a list of tokens in the lists' spelling (not to be changed). */
        List<List<String>> sentences() {
            return sentences;
        }

        /** The tokens of all sentences, each sentence followed by {@value #SENTENCE_MARK} (the classifier's input; not to be changed). */
        String[] features() {
            return features;
        }

        /** The classifier's features of the text ({@link TextFeatures} of {@link #features()}), computed once (not to be changed). */
        String[] modelFeatures() {
            String[] f = modelFeatures;
            if (f == null) {
                f = new TextFeatures().extractFeatures(features, java.util.Map.of()).toArray(String[]::new);
                modelFeatures = f;
            }
            return f;
        }
    }

    /** Ends each sentence in {@link Reading#features()}. */
    static final String SENTENCE_MARK = "|";

    /** The text read once; null reads as an empty text. */
    public static Reading read(String text) {
        return new Reading(text == null ? "" : text);
    }

    /** A reading of the text, reusing {@code earlier} when it read the same text. */
    static Reading read(String text, de.meldeweg.directory.ReadText earlier) {
        return earlier instanceof Reading r && r.text.equals(text == null ? "" : text) ? r : read(text);
    }

    /** The message as sentences of normalized tokens. */
    static List<List<String>> sentences(String text) {
        List<List<String>> sentences = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return sentences;
        }
        String joined = joinSpacedLetters(Normalizer.normalize(text, Normalizer.Form.NFKC));
        for (String sentence : SENTENCE_END.split(joined)) {
            List<String> tokens = tokens(sentence);
            if (!tokens.isEmpty()) {
                sentences.add(tokens);
            }
        }
        return sentences;
    }

    /** The tokens of one sentence (or of one word-list entry). */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        for (String raw : text.split("[\\s,/()\\[\\]{}<>\"]+")) {
            String token = token(raw);
            if (!token.isEmpty()) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    /** One word in the spelling of the word lists: lower case, no accents, no tricks. */
    public static String token(String raw) {
        String plain = plainWord(raw);
        if (plain != null) {
            return plain;
        }
        String core = EDGE.matcher(raw.toLowerCase(Locale.ROOT)).replaceAll("");
        if (core.isEmpty()) {
            return "";
        }
        core = core.replace("ß", "ss");
        if (letters(core) >= 2) {
            core = leet(core);
        }
        core = INNER_PUNCTUATION.matcher(core).replaceAll("");
        core = MARKS.matcher(Normalizer.normalize(core, Normalizer.Form.NFD)).replaceAll("");
        core = REPEATS.matcher(core).replaceAll("$1");
        core = core.replace("ae", "a").replace("oe", "o").replace("ue", "u");
        return REPEATS.matcher(core).replaceAll("$1");
    }

    /**
     * The same spelling for a word of only the letters a–z, ä, ö, ü and ß (most words, and every
     * word of the ordinary-word lists), without regular expressions; null for anything else.
     */
    private static String plainWord(String raw) {
        StringBuilder out = new StringBuilder(raw.length() + 2);
        for (int i = 0; i < raw.length(); i++) {
            char c = Character.toLowerCase(raw.charAt(i));
            switch (c) {
                case 'ä' -> out.append('a');
                case 'ö' -> out.append('o');
                case 'ü' -> out.append('u');
                case 'ß' -> out.append("ss");
                default -> {
                    if (c < 'a' || c > 'z') {
                        return null;
                    }
                    out.append(c);
                }
            }
        }
        String once = collapse(out);
        StringBuilder vowels = new StringBuilder(once.length());
        for (int i = 0; i < once.length(); i++) {
            char c = once.charAt(i);
            vowels.append(c);
            if (c == 'e' && i > 0 && (once.charAt(i - 1) == 'a' || once.charAt(i - 1) == 'o' || once.charAt(i - 1) == 'u')
                    && vowels.length() >= 2 && vowels.charAt(vowels.length() - 2) == once.charAt(i - 1)) {
                vowels.setLength(vowels.length() - 1);
            }
        }
        return collapse(vowels);
    }

    private static String collapse(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (i == 0 || s.charAt(i) != s.charAt(i - 1)) {
                out.append(s.charAt(i));
            }
        }
        return out.toString();
    }

    private static int letters(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetter(s.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    /** Digits and symbols that stand for letters, inside a word that has letters (not in "B295" or "12a"). */
    private static String leet(String word) {
        StringBuilder out = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            out.append(switch (c) {
                case '4', '@' -> 'a';
                case '3', '€' -> 'e';
                case '1', '!', '|' -> 'i';
                case '0' -> 'o';
                case '5', '$' -> 's';
                case '7' -> 't';
                case '8' -> 'b';
                default -> c;
            });
        }
        return out.toString();
    }

    private static String joinSpacedLetters(String text) {
        Matcher m = SPACED.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(SPACED_GAP.matcher(m.group()).replaceAll("")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
