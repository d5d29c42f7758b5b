package de.meldeweg.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import de.meldeweg.safety.SafetyText;

/**
 * The ordinary words' compiled form (built by {@link VocabularyCompiler} into the class path) holds
 * exactly the words that reading and spelling the word files gives, and word files other than the
 * compiled ones are read and spelled as before.
 */
class VocabularyTest {

    private static final Path WORDS = Path.of("config/safety");

    @Test
    void compiledFormHoldsExactlyTheWordsOfReadingAndSpellingTheFiles() {
        assertThat(Vocabulary.class.getResource(Vocabulary.COMPILED))
                .as("the build compiles the word files (exec-maven-plugin, process-classes)").isNotNull();
        Vocabulary compiled = Vocabulary.in(WORDS);
        Vocabulary read = Vocabulary.read(WORDS);
        for (var spelling : VocabularyCompiler.SPELLINGS.entrySet()) {
            Set<String> fromCompiled = compiled.spelled(spelling.getKey(), w -> {
                throw new AssertionError("spelled at start-up although compiled: " + spelling.getKey());
            });
            Set<String> fromFiles = read.spelled(spelling.getKey(), spelling.getValue());
            assertThat(fromCompiled.size()).isEqualTo(fromFiles.size()).isGreaterThan(300_000);
            assertThat(fromCompiled.containsAll(fromFiles)).isTrue();
        }
        Set<String> directory = compiled.spelled("directory", Words::normalize);
        for (String word : List.of("ueberall", "reagiert", "strasse")) {
            assertThat(directory.contains(word)).as(word).isTrue();
        }
        assertThat(directory.contains("xqzvw")).isFalse();
        assertThat(compiled.spelled(SafetyText.SPELLING, SafetyText::token).contains(SafetyText.token("überall"))).isTrue();
    }

    @Test
    void compiledTypoBudgetsOfTheShippedKeywordsAreThoseCheckedAtStartUp() {
        Vocabulary compiled = Vocabulary.in(WORDS);
        Set<String> directory = compiled.spelled(Vocabulary.DIRECTORY, Words::normalize);
        var keywords = new YamlCategoryKeywords(Path.of("config/departments.yaml")).keywordsByCategory();
        assertThat(KeywordIndex.budgetsKnown(directory)).as("read with the compiled words").isGreaterThan(200);
        List<String> fromCompiled = new KeywordIndex(keywords, directory).collisions();
        List<String> checked = new KeywordIndex(keywords,
                Vocabulary.read(WORDS).spelled(Vocabulary.DIRECTORY, Words::normalize)).collisions();
        assertThat(fromCompiled).hasSizeGreaterThan(100).isEqualTo(checked);
        assertThat(String.join("; ", checked)).contains("ampel 1->0 (ample, ampul, amsel)");
    }

    @Test
    void otherWordFilesAreReadAndSpelled(@TempDir Path dir) throws IOException {
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("words-de.txt.gz")));
             PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(gz, StandardCharsets.UTF_8))) {
            out.println("# a city's own list");
            out.println("Schlaglöcher");
            out.println("Straße");
            out.println("Straße");
        }
        Vocabulary vocabulary = Vocabulary.in(dir);
        Set<String> directory = vocabulary.spelled("directory", Words::normalize);
        assertThat(vocabulary.isEmpty()).isFalse();
        assertThat(directory).containsExactlyInAnyOrder("schlagloecher", "strasse");
        assertThat(directory.contains("ueberall")).as("not the compiled words of config/safety").isFalse();
        assertThat(Vocabulary.in(dir.resolve("none")).isEmpty()).isTrue();
    }

    @Test
    void packedWordsAnswerLikeASet() {
        PackedWords words = PackedWords.of(List.of("laterne", "ampel", "amsel", "ample", "baum", "ampel", "größe", "a"));
        assertThat(words).hasSize(7);
        assertThat(words.contains("ampel")).isTrue();
        assertThat(words.contains("größe")).isTrue();
        assertThat(words.contains("groesse")).isFalse();
        assertThat(words.contains("ampe")).isFalse();
        assertThat(words.contains("")).isFalse();
        assertThat(words.contains(42)).isFalse();
        // words of five letters starting with "a": ample, ampel, amsel (side by side, in byte order)
        List<String> five = new java.util.ArrayList<>();
        for (int i = words.from(5, (byte) 'a'); i < words.to(5, (byte) 'a'); i++) {
            five.add(words.word(i));
        }
        assertThat(five).containsExactly("ampel", "ample", "amsel");
        assertThat(words.from(5, (byte) 'z')).isEqualTo(words.to(5, (byte) 'z'));
        assertThat(Vocabulary.within("ampel", 1, words, w -> false)).containsExactlyInAnyOrder("ample", "amsel");
    }
}
