package de.meldeweg.directory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** The compiled form of {@code config/safety/words-*.txt.gz}, written by {@link VocabularyCompiler} at build time. */
    static final String COMPILED = "/vocabulary/ordinary-words.bin";
    private static final int FORMAT = 2;
    /** The directory keywords' spelling ({@link Words#normalize}), whose typo budgets are compiled too. */
    static final String DIRECTORY = "directory";

    private final Path dir;
    private final String fingerprint;
    /** The words as read from the files; read only when a spelling is not in the compiled form. */
    private volatile List<String> words;
    private final Map<String, Set<String>> spellings = new ConcurrentHashMap<>();

    private Vocabulary(Path dir, String fingerprint, List<String> words) {
        this.dir = dir;
        this.fingerprint = fingerprint;
        this.words = words;
    }

    /** The vocabulary of the word files in {@code dir}; empty (no check possible) when there are none. */
    public static Vocabulary in(Path dir) {
        return LOADED.computeIfAbsent(dir.toAbsolutePath().normalize(), Vocabulary::load);
    }

    static Vocabulary of(List<String> words) {
        return new Vocabulary(null, "", List.copyOf(words));
    }

    private static Vocabulary load(Path dir) {
        List<Path> files = files(dir);
        String fingerprint = fingerprint(files);
        Vocabulary vocabulary = new Vocabulary(dir, fingerprint, null);
        if (!files.isEmpty() && vocabulary.readCompiled()) {
            LOG.info("Ordinary words: {} file(s) in {}, read in their compiled form ({})", files.size(), dir,
                    String.join(", ", vocabulary.spellings.keySet().stream().sorted()
                            .map(name -> name + " " + vocabulary.spellings.get(name).size()).toList()));
        } else {
            vocabulary.words();
        }
        return vocabulary;
    }

    /** The word files of {@code dir}, read and spelled without the compiled form (for {@link VocabularyCompiler}). */
    static Vocabulary read(Path dir) {
        List<Path> files = files(dir);
        return new Vocabulary(dir, fingerprint(files), readWords(dir, files));
    }

    /** The word files of {@code dir}, by name. */
    static List<Path> files(Path dir) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, "words-*.txt.gz")) {
                found.forEach(files::add);
            } catch (IOException e) {
                LOG.warn("Word files in {} cannot be listed ({})", dir, e.toString());
            }
        }
        files.sort(java.util.Comparator.comparing(p -> p.getFileName().toString()));
        return files;
    }

    /** SHA-256 over the word files' names and contents: the compiled form belongs to exactly these files. */
    static String fingerprint(List<Path> files) {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            digest.update(("format " + FORMAT).getBytes(StandardCharsets.UTF_8));
            for (Path file : files) {
                digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(file));
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            return "unreadable: " + e;
        }
    }

    /** Reads the compiled spellings if they were compiled from exactly this folder's word files. */
    private boolean readCompiled() {
        try (java.io.InputStream resource = Vocabulary.class.getResourceAsStream(COMPILED)) {
            if (resource == null) {
                LOG.info("No compiled ordinary words on the class path ({}): the word files are read and spelled at start-up", COMPILED);
                return false;
            }
            java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(resource, 1 << 16));
            if (in.readInt() != FORMAT || !in.readUTF().equals(fingerprint)) {
                LOG.info("The compiled ordinary words are for other word files than those in {}: "
                        + "these are read and spelled at start-up (build the service again to compile them)", dir);
                return false;
            }
            Map<String, Set<String>> read = new java.util.HashMap<>();
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                read.put(name, PackedWords.read(in));
            }
            if (read.containsKey(DIRECTORY)) {
                KeywordIndex.readBudgets(read.get(DIRECTORY), in);
            }
            spellings.putAll(read);
            return true;
        } catch (IOException e) {
            LOG.warn("The compiled ordinary words cannot be read ({}); the word files are read at start-up", e.toString());
            return false;
        }
    }

    /**
     * Writes the spellings named in {@code spellings} in their compiled form ({@link VocabularyCompiler}),
     * with the typo budgets of {@code keywords} checked against the directory's spelling.
     */
    void writeCompiled(Map<String, UnaryOperator<String>> spellings, Map<String, List<String>> keywords,
                       java.io.OutputStream target) throws IOException {
        java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(target, 1 << 16));
        out.writeInt(FORMAT);
        out.writeUTF(fingerprint);
        out.writeInt(spellings.size());
        for (Map.Entry<String, UnaryOperator<String>> spelling : new java.util.TreeMap<>(spellings).entrySet()) {
            out.writeUTF(spelling.getKey());
            ((PackedWords) spelled(spelling.getKey(), spelling.getValue())).write(out);
        }
        if (spellings.containsKey(DIRECTORY)) {
            Set<String> directory = spelled(DIRECTORY, spellings.get(DIRECTORY));
            new KeywordIndex(keywords, directory);
            KeywordIndex.writeBudgets(directory, out);
        }
        out.flush();
    }

    private List<String> words() {
        List<String> read = words;
        if (read == null) {
            synchronized (this) {
                read = words;
                if (read == null) {
                    read = readWords(dir, files(dir));
                    words = read;
                }
            }
        }
        return read;
    }

    private static List<String> readWords(Path dir, List<Path> files) {
        List<String> words = new ArrayList<>();
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
        return List.copyOf(words);
    }

    public boolean isEmpty() {
        List<String> read = words;
        return read != null ? read.isEmpty() : spellings.values().stream().allMatch(Set::isEmpty);
    }

    /**
     * The words in the spelling of one reader ({@code name} tells the readers apart), computed once
     * (or read in the compiled form, see {@link VocabularyCompiler}); a set that only answers
     * {@code contains} and iteration, in about 5 MB.
     */
    public Set<String> spelled(String name, UnaryOperator<String> spelling) {
        return spellings.computeIfAbsent(name, n -> {
            List<String> all = words();
            List<String> spelled = new ArrayList<>(all.size());
            for (String word : all) {
                String s = spelling.apply(word);
                if (!s.isEmpty() && s.indexOf(' ') < 0) {
                    spelled.add(s);
                }
            }
            return PackedWords.of(spelled);
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
     * (a scan of the words with that first letter and a length in reach; for start-up checks).
     * A letter count filters first: two words within {@code max} edits differ in at most
     * {@code 2 * max} letter counts.
     */
    static List<String> within(String keyword, int max, PackedWords ordinary, java.util.function.Predicate<String> ownForm) {
        List<String> near = new ArrayList<>();
        int[] counts = new int[128];
        for (int i = 0; i < keyword.length(); i++) {
            counts[keyword.charAt(i) & 127]++;
        }
        byte first = (byte) keyword.charAt(0);
        for (int length = Math.max(1, keyword.length() - max); length <= keyword.length() + max; length++) {
            int to = ordinary.to(length, first);
            for (int w = ordinary.from(length, first); w < to; w++) {
                // Letter counts taken out for the word and put back after: no copy of the table per word.
                int differ = 0;
                for (int i = 0; i < length; i++) {
                    differ += counts[ordinary.at(w, i) & 127]-- > 0 ? -1 : 1;
                }
                for (int i = 0; i < length; i++) {
                    counts[ordinary.at(w, i) & 127]++;
                }
                differ += keyword.length();
                if (differ > 2 * max) {
                    continue;
                }
                String word = ordinary.word(w);
                if (!word.equals(keyword) && !ownForm.test(word) && Words.distance(word, keyword, max) <= max) {
                    near.add(word);
                }
            }
        }
        return near;
    }
}
