package de.meldeweg.directory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

import de.meldeweg.safety.SafetyText;

/**
 * Compiles the ordinary words ({@code config/safety/words-*.txt.gz}) at build time into
 * {@code target/classes/vocabulary/ordinary-words.bin} (the Maven build runs it after compiling, see
 * pom.xml): every word in each reader's spelling, sorted and packed ({@link PackedWords}), with the
 * SHA-256 of the word files it was made from, and the typo budgets of the shipped keywords
 * ({@code config/departments.yaml}) checked against them: they depend only on a keyword and the
 * words, so a city's own keywords are checked at start-up, the shipped ones only read. At start-up {@link Vocabulary} reads it in one piece
 * instead of reading and spelling 427,000 words twice, when the folder's word files are exactly
 * these; otherwise (a city's own word files) it reads and spells them as before.
 *
 * <pre>java -cp target/classes:... de.meldeweg.directory.VocabularyCompiler config/safety config/departments.yaml target/classes/vocabulary/ordinary-words.bin</pre>
 */
public final class VocabularyCompiler {

    /** The spellings the service asks for: the directory's keywords and the safety lists. */
    static final Map<String, UnaryOperator<String>> SPELLINGS = Map.of(
            Vocabulary.DIRECTORY, Words::normalize,
            SafetyText.SPELLING, SafetyText::token);

    private VocabularyCompiler() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: VocabularyCompiler <word files folder> <departments.yaml> <output file>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath().normalize();
        Path departments = Path.of(args[1]);
        Path output = Path.of(args[2]);
        if (Vocabulary.files(dir).isEmpty()) {
            System.out.println("VocabularyCompiler: no words-*.txt.gz in " + dir + ", nothing compiled");
            Files.deleteIfExists(output);
            return;
        }
        if (upToDate(dir, departments, output)) {
            System.out.println("VocabularyCompiler: " + output + " is up to date");
            return;
        }
        compile(dir, departments, output);
        System.out.println("VocabularyCompiler: " + dir + " -> " + output + " (" + Files.size(output) / 1024 + " KB)");
    }

    /**
     * Whether {@code output} was compiled from exactly these word files, after the last change of
     * the keywords and of the classes that spell and check them (a build without changes to them
     * does not compile again).
     */
    static boolean upToDate(Path dir, Path departments, Path output) {
        try {
            if (!Files.isRegularFile(output)) {
                return false;
            }
            long compiled = Files.getLastModifiedTime(output).toMillis();
            if (Files.isRegularFile(departments) && Files.getLastModifiedTime(departments).toMillis() >= compiled) {
                return false;
            }
            for (Class<?> type : java.util.List.of(Words.class, Spelling.class, EditDistance.class, KeywordIndex.class,
                    PackedWords.class, Vocabulary.class, VocabularyCompiler.class, SafetyText.class)) {
                java.net.URL url = type.getResource(type.getSimpleName() + ".class");
                if (url == null || !"file".equals(url.getProtocol())
                        || Files.getLastModifiedTime(Path.of(url.toURI())).toMillis() >= compiled) {
                    return false;
                }
            }
            try (java.io.DataInputStream in = new java.io.DataInputStream(Files.newInputStream(output))) {
                in.readInt();
                return in.readUTF().equals(Vocabulary.fingerprint(Vocabulary.files(dir)));
            }
        } catch (IOException | java.net.URISyntaxException e) {
            return false;
        }
    }

    /**
     * Writes the compiled form of the word files in {@code dir} to {@code output}, with the typo
     * budgets of the keywords in {@code departments} (when it exists).
     */
    static void compile(Path dir, Path departments, Path output) throws IOException {
        Map<String, java.util.List<String>> keywords = Files.isRegularFile(departments)
                ? new YamlCategoryKeywords(departments).keywordsByCategory() : Map.of();
        Vocabulary vocabulary = Vocabulary.read(dir);
        if (output.getParent() != null) {
            Files.createDirectories(output.getParent());
        }
        Path temporary = output.resolveSibling(output.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            vocabulary.writeCompiled(SPELLINGS, keywords, out);
        }
        Files.move(temporary, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
