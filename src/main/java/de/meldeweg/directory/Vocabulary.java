package de.meldeweg.directory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordinary words of German and English ({@code config/safety/words-*.txt.gz}, one word per line,
 * {@code #} comments), against which typo tolerance is checked: a word of a message that is itself an
 * ordinary word is never read as a typo of a keyword ("überall" is no "Überfall", "reagiert" no
 * "repariert"), and a keyword with an ordinary word within its typo distance gets no typo tolerance
 * at all (such collisions are logged at start-up). Loaded once per folder and shared (about 460,000 words).
 */
public final class Vocabulary {

    private static final Logger LOG = LoggerFactory.getLogger(Vocabulary.class);
    private static final Map<Path, Vocabulary> LOADED = new ConcurrentHashMap<>();
    private static final char[] LETTERS = "abcdefghijklmnopqrstuvwxyz".toCharArray();

    private final List<String> words;
    private final Map<String, Set<String>> spellings = new ConcurrentHashMap<>();

    private Vocabulary(List<String> words) {
        this.words = words;
    }

    /** The vocabulary of the word files in {@code dir}; empty (no check possible) when there are none. */
    public static Vocabulary in(Path dir) {
        return LOADED.computeIfAbsent(dir.toAbsolutePath().normalize(), Vocabulary::load);
    }

    static Vocabulary of(List<String> words) {
        return new Vocabulary(List.copyOf(words));
    }

    private static Vocabulary load(Path dir) {
        List<String> words = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, "words-*.txt.gz")) {
                found.forEach(files::add);
            } catch (IOException e) {
                LOG.warn("Word files in {} cannot be listed ({})", dir, e.toString());
            }
        }
        for (Path file : files) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    String word = line.strip();
                    if (!word.isEmpty() && !word.startsWith("#")) {
                        words.add(word);
                    }
                }
            } catch (IOException e) {
                LOG.warn("Word file {} cannot be read ({}); typo tolerance is not checked against it", file, e.toString());
            }
        }
        if (words.isEmpty()) {
            LOG.warn("No ordinary-word files (words-*.txt.gz) in {}: typo tolerance of keywords cannot be checked", dir);
        } else {
            LOG.info("Ordinary words: {} from {} file(s) in {}", words.size(), files.size(), dir);
        }
        return new Vocabulary(List.copyOf(words));
    }

    public boolean isEmpty() {
        return words.isEmpty();
    }

    /** The words in the spelling of one reader ({@code name} tells the readers apart), computed once. */
    public Set<String> spelled(String name, UnaryOperator<String> spelling) {
        return spellings.computeIfAbsent(name, n -> {
            Set<String> set = new HashSet<>(words.size() * 2);
            for (String word : words) {
                String spelled = spelling.apply(word);
                if (!spelled.isEmpty() && spelled.indexOf(' ') < 0) {
                    // Most words are spelled as they are: the same String then, not a copy (tens of MB of heap).
                    set.add(spelled.equals(word) ? word : spelled);
                }
            }
            return Set.copyOf(set);
        });
    }

    /**
     * The ordinary words one edit (a letter wrong, missing, extra, or two swapped) away from
     * {@code keyword}, except those {@code ownForm} accepts (the keyword's own endings).
     */
    public static List<String> oneEditAway(String keyword, Set<String> ordinary, java.util.function.Predicate<String> ownForm) {
        Set<String> near = new java.util.TreeSet<>();
        StringBuilder b = new StringBuilder(keyword.length() + 1);
        int n = keyword.length();
        for (int i = 0; i <= n; i++) {
            if (i < n) {
                check(b.append(keyword, 0, i).append(keyword, i + 1, n), keyword, ordinary, ownForm, near);
                if (i + 1 < n) {
                    check(b.append(keyword, 0, i).append(keyword.charAt(i + 1)).append(keyword.charAt(i)).append(keyword, i + 2, n),
                            keyword, ordinary, ownForm, near);
                }
            }
            for (char c : LETTERS) {
                check(b.append(keyword, 0, i).append(c).append(keyword, i, n), keyword, ordinary, ownForm, near);
                if (i < n) {
                    check(b.append(keyword, 0, i).append(c).append(keyword, i + 1, n), keyword, ordinary, ownForm, near);
                }
            }
        }
        return List.copyOf(near);
    }

    private static void check(StringBuilder candidate, String keyword, Set<String> ordinary,
                              java.util.function.Predicate<String> ownForm, Set<String> near) {
        String word = candidate.toString();
        candidate.setLength(0);
        if (!word.equals(keyword) && ordinary.contains(word) && !ownForm.test(word)) {
            near.add(word);
        }
    }

    /**
     * The ordinary words with the same first letter within {@code max} edits of {@code keyword}
     * (a scan of {@code sameStart}, the ordinary words with that first letter; for start-up checks).
     * A letter count filters first: two words within {@code max} edits differ in at most
     * {@code 2 * max} letter counts.
     */
    public static List<String> within(String keyword, int max, java.util.Collection<String> sameStart,
                                      java.util.function.Predicate<String> ownForm) {
        List<String> near = new ArrayList<>();
        int[] counts = new int[128];
        for (int i = 0; i < keyword.length(); i++) {
            counts[keyword.charAt(i) & 127]++;
        }
        for (String word : sameStart) {
            if (Math.abs(word.length() - keyword.length()) > max || word.equals(keyword)) {
                continue;
            }
            // Letter counts taken out for the word and put back after: no copy of the table per word.
            int differ = 0;
            int length = word.length();
            for (int i = 0; i < length; i++) {
                differ += counts[word.charAt(i) & 127]-- > 0 ? -1 : 1;
            }
            for (int i = 0; i < length; i++) {
                counts[word.charAt(i) & 127]++;
            }
            differ += keyword.length();
            if (differ > 2 * max) {
                continue;
            }
            if (!ownForm.test(word) && Words.distance(word, keyword, max) <= max) {
                near.add(word);
            }
        }
        return near;
    }
}
