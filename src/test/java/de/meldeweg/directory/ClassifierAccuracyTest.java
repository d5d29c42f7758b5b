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
 * The keyword classifier on the real keywords ({@code config/departments.yaml}) against a labelled
 * set of messages as citizens write them ({@code classification/labelled.tsv}: code, tab, message;
 * {@code \n} in a message is a line break between two messages of the same case).
 */
class ClassifierAccuracyTest {

    private static final Path SET = Path.of("src/test/resources/classification/labelled.tsv");

    record Labelled(int line, String code, String text) {
    }

    static List<Labelled> labelled() throws IOException {
        List<String> lines = Files.readAllLines(SET, StandardCharsets.UTF_8);
        List<Labelled> set = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t", 2);
            assertThat(columns).as("line %d: code<TAB>message", i + 1).hasSize(2);
            set.add(new Labelled(i + 1, columns[0].strip(), columns[1].replace("\\n", "\n")));
        }
        return set;
    }

    @Test
    void classifiesAtLeastNinetyPercentOfTheLabelledSetCorrectly() throws IOException {
        CaseClassifier classifier = new KeywordClassifier(new YamlCategoryKeywords(Path.of("config/departments.yaml")));
        List<Labelled> set = labelled();
        assertThat(set).hasSizeGreaterThanOrEqualTo(120);
        assertThat(set).extracting(Labelled::code).allMatch(code -> code.matches("[A-Z_]+"));

        Map<String, Map<String, Integer>> confusion = new TreeMap<>();
        Map<String, int[]> predicted = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        int correct = 0;
        for (Labelled example : set) {
            Classification result = classifier.classify(example.text());
            confusion.computeIfAbsent(example.code(), c -> new TreeMap<>()).merge(result.code(), 1, Integer::sum);
            predicted.computeIfAbsent(result.code(), c -> new int[1])[0]++;
            if (result.code().equals(example.code())) {
                correct++;
            } else {
                wrong.add(String.format("  line %3d  %-12s -> %-12s %s  %s", example.line(), example.code(), result.code(),
                        result.matchedKeywords(), example.text().replace("\n", " / ")));
            }
        }
        double accuracy = (double) correct / set.size();

        StringBuilder report = new StringBuilder(String.format("%nAccuracy %d/%d = %.3f%n", correct, set.size(), accuracy));
        report.append(String.format("  %-12s %5s %6s %9s  %s%n", "expected", "n", "recall", "precision", "classified as"));
        confusion.forEach((code, row) -> {
            int n = row.values().stream().mapToInt(Integer::intValue).sum();
            int hits = row.getOrDefault(code, 0);
            int[] asCode = predicted.getOrDefault(code, new int[1]);
            report.append(String.format("  %-12s %5d %6.2f %9.2f  %s%n", code, n, (double) hits / n,
                    asCode[0] == 0 ? 0.0 : (double) hits / asCode[0], row));
        });
        report.append(wrong.isEmpty() ? "No misclassified lines.\n" : "Misclassified:\n" + String.join("\n", wrong) + "\n");
        System.out.println(report);

        assertThat(accuracy).as(report.toString()).isGreaterThanOrEqualTo(0.90);
    }
}
