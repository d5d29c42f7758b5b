package de.meldeweg.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * The keyword classifier on the real keywords ({@code config/departments.yaml}) against sets of
 * messages as citizens write them ({@code code<TAB>message}; {@code \n} in a message is a line
 * break between two messages of the same case):
 * <ul>
 * <li>{@code labelled.tsv}, written before the keywords, which were then tuned on it;</li>
 * <li>{@code holdout.tsv}, written after the keywords; 71/83 (85.5 %) when first measured, then its
 * misses were used to widen the vocabulary, so it is now a tuning set too;</li>
 * <li>{@code fresh.tsv}, 100 messages written before that widening and never tuned on (its misses
 * are not looked at): the estimate for text the classifier has not seen. 90/100 before the
 * widening, 91/100 after.</li>
 * </ul>
 */
class ClassifierAccuracyTest {

    private static final Path SETS = Path.of("src/test/resources/classification");

    private final CaseClassifier classifier =
            new KeywordClassifier(new YamlCategoryKeywords(Path.of("config/departments.yaml")));

    record Labelled(int line, String code, String text) {
    }

    record Evaluation(int size, double accuracy, String report) {
    }

    @Test
    void classifiesAtLeastNinetyPercentOfTheLabelledSetCorrectly() throws IOException {
        Evaluation evaluation = evaluate("labelled.tsv", true);

        assertThat(evaluation.size()).isGreaterThanOrEqualTo(120);
        assertThat(evaluation.accuracy()).as(evaluation.report()).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void classifiesAtLeastNinetyPercentOfTheHeldOutSetCorrectly() throws IOException {
        Evaluation evaluation = evaluate("holdout.tsv", true);

        assertThat(evaluation.accuracy()).as(evaluation.report()).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void classifiesAFreshUntunedSetCorrectly() throws IOException {
        Evaluation evaluation = evaluate("fresh.tsv", false);

        assertThat(evaluation.size()).isGreaterThanOrEqualTo(100);
        assertThat(evaluation.accuracy()).as("fresh.tsv accuracy %.3f", evaluation.accuracy()).isGreaterThanOrEqualTo(0.90);
    }

    /** Lists the misclassified lines only for sets that may be tuned on. */
    private Evaluation evaluate(String name, boolean showMisses) throws IOException {
        List<Labelled> set = read(SETS.resolve(name));
        Map<String, Map<String, Integer>> confusion = new TreeMap<>();
        Map<String, Integer> predicted = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        int correct = 0;
        for (Labelled example : set) {
            Classification result = classifier.classify(example.text());
            confusion.computeIfAbsent(example.code(), c -> new TreeMap<>()).merge(result.code(), 1, Integer::sum);
            predicted.merge(result.code(), 1, Integer::sum);
            if (result.code().equals(example.code())) {
                correct++;
            } else {
                wrong.add(String.format("  line %3d  %-12s -> %-12s %s  %s", example.line(), example.code(),
                        result.code(), result.matchedKeywords(), example.text().replace("\n", " / ")));
            }
        }
        double accuracy = (double) correct / set.size();

        StringBuilder report = new StringBuilder(
                String.format("%n%s: accuracy %d/%d = %.3f%n", name, correct, set.size(), accuracy));
        report.append(String.format("  %-12s %4s %6s %9s  %s%n", "expected", "n", "recall", "precision", "classified as"));
        confusion.forEach((code, row) -> {
            int n = row.values().stream().mapToInt(Integer::intValue).sum();
            int hits = row.getOrDefault(code, 0);
            int asCode = predicted.getOrDefault(code, 0);
            report.append(String.format("  %-12s %4d %6.2f %9.2f  %s%n", code, n, (double) hits / n,
                    asCode == 0 ? 0.0 : (double) hits / asCode, row));
        });
        if (!showMisses) {
            report.append(String.format("%d misclassified (not listed: this set is not tuned on)%n", wrong.size()));
            System.out.println(report);
            return new Evaluation(set.size(), accuracy, report.toString());
        }
        report.append(wrong.isEmpty() ? "No misclassified lines.\n" : "Misclassified:\n" + String.join("\n", wrong) + "\n");
        System.out.println(report);
        return new Evaluation(set.size(), accuracy, report.toString());
    }

    private static List<Labelled> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Labelled> set = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t", 2);
            assertThat(columns).as("%s line %d: code<TAB>message", file, i + 1).hasSize(2);
            assertThat(columns[0]).as("%s line %d: code", file, i + 1).matches("[A-Z_]+");
            set.add(new Labelled(i + 1, columns[0].strip(), columns[1].replace("\\n", "\n")));
        }
        return set;
    }
}
