package de.meldeweg.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import de.meldeweg.directory.CaseClassifier;
import de.meldeweg.directory.KeywordClassifier;
import de.meldeweg.directory.YamlCategoryKeywords;

/**
 * The figures the city's safety promises rest on, measured on {@code src/test/resources/safety/evaluation.tsv}
 * (628 labelled Calw messages) with the lists and keywords the city runs with ({@code config/}), for the part
 * that may be tuned on and for the held-out quarter separately:
 * <ul>
 * <li>every emergency gets the 110/112 reply (recall 100 %), at most 1 % of the other messages do;</li>
 * <li>at least 95 % of the insulting messages are held, at most 1 % of the others;</li>
 * <li>at least 95 % of the messages get the category a complaint officer would give them.</li>
 * </ul>
 * Misses are listed for the tuning part only: nobody tunes on the held-out part. Run it alone with
 * {@code mvn -B -Dtest=SafetyEvaluationTest test}: the table is printed to the console.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SafetyEvaluationTest {

    static final Path SET = Path.of("src/test/resources/safety/evaluation.tsv");
    private static final SafetyProperties PROPERTIES = new SafetyProperties("config/safety", 20, Duration.ofMinutes(10), "");

    record Example(int line, String split, String category, boolean emergency, boolean abuse, boolean hard, String text) {
    }

    /** The figures of one part of the set. */
    record Figures(String part, int size, int emergencies, int emergenciesFound, int others, int othersUrgent,
                   int insults, int insultsHeld, int decent, int decentHeld, int categoriesRight, List<String> misses) {

        double emergencyRecall() {
            return ratio(emergenciesFound, emergencies);
        }

        double falseUrgent() {
            return ratio(othersUrgent, others);
        }

        double insultsHeldShare() {
            return ratio(insultsHeld, insults);
        }

        double falseHeld() {
            return ratio(decentHeld, decent);
        }

        double categoryAccuracy() {
            return ratio(categoriesRight, size);
        }

        private static double ratio(int part, int whole) {
            return whole == 0 ? 0 : (double) part / whole;
        }

        String row() {
            return String.format("| %-8s | %4d | %3d/%3d = %5.1f %% | %3d/%3d = %4.1f %% | %3d/%3d = %5.1f %% | %3d/%3d = %4.1f %% | %3d/%3d = %5.1f %% |",
                    part, size, emergenciesFound, emergencies, 100 * emergencyRecall(), othersUrgent, others, 100 * falseUrgent(),
                    insultsHeld, insults, 100 * insultsHeldShare(), decentHeld, decent, 100 * falseHeld(),
                    categoriesRight, size, 100 * categoryAccuracy());
        }
    }

    private List<Example> set;
    private Figures tune;
    private Figures holdout;

    @BeforeAll
    void measure() throws IOException {
        set = read(SET);
        // As the service runs: lists first, the classifier trained on the tuning part for what they miss.
        TextModel model = TextModel.fromClasspath();
        EmergencyDetector emergency = new EmergencyDetector(PROPERTIES, model);
        AbuseFilter abuse = new AbuseFilter(PROPERTIES, model);
        YamlCategoryKeywords keywords = new YamlCategoryKeywords(Path.of("config/departments.yaml"));
        CaseClassifier classifier = new ModelAssistedClassifier(new KeywordClassifier(keywords), keywords, model, emergency, abuse);
        tune = figures("tune", emergency, abuse, classifier);
        holdout = figures("holdout", emergency, abuse, classifier);
        System.out.println("""

                | part     |    n | emergencies found   | others urgent      | insults held        | others held        | category right      |
                | -------- | ---- | ------------------- | ------------------ | ------------------- | ------------------ | ------------------- |""");
        System.out.println(tune.row());
        System.out.println(holdout.row());
        System.out.println(tune.misses().isEmpty() ? "No misses in the tuning part." : "Misses in the tuning part:\n" + String.join("\n", tune.misses()));
        System.out.println(holdout.misses().size() + " misses in the held-out part (not listed: it is not tuned on)");
    }

    private Figures figures(String part, EmergencyDetector emergency, AbuseFilter abuse, CaseClassifier classifier) {
        int size = 0, emergencies = 0, found = 0, others = 0, othersUrgent = 0, insults = 0, held = 0, decent = 0, decentHeld = 0, right = 0;
        List<String> misses = new ArrayList<>();
        for (Example example : set) {
            if (!example.split().equals(part)) {
                continue;
            }
            size++;
            List<String> urgentBy = emergency.matches(example.text());
            List<String> heldBy = abuse.matches(example.text());
            String category = classifier.classify(example.text()).code();
            if (example.emergency()) {
                emergencies++;
                found += urgentBy.isEmpty() ? 0 : 1;
                if (urgentBy.isEmpty()) {
                    misses.add(miss(example, "emergency missed"));
                }
            } else {
                others++;
                othersUrgent += urgentBy.isEmpty() ? 0 : 1;
                if (!urgentBy.isEmpty()) {
                    misses.add(miss(example, "urgent by " + urgentBy));
                }
            }
            if (example.abuse()) {
                insults++;
                held += heldBy.isEmpty() ? 0 : 1;
                if (heldBy.isEmpty()) {
                    misses.add(miss(example, "insult missed"));
                }
            } else {
                decent++;
                decentHeld += heldBy.isEmpty() ? 0 : 1;
                if (!heldBy.isEmpty()) {
                    misses.add(miss(example, "held by " + heldBy));
                }
            }
            if (category.equals(example.category())) {
                right++;
            } else {
                misses.add(miss(example, example.category() + " -> " + category + " " + classifier.classify(example.text()).matchedKeywords()));
            }
        }
        return new Figures(part, size, emergencies, found, others, othersUrgent, insults, held, decent, decentHeld, right, misses);
    }

    private static String miss(Example example, String what) {
        return String.format("  line %3d  %-40s %s", example.line(), what, example.text().replace("\n", " / "));
    }

    @Test
    void theSetIsLargeAndVariedEnough() {
        assertThat(set).hasSizeGreaterThanOrEqualTo(600);
        assertThat(set.stream().filter(Example::emergency)).hasSizeGreaterThanOrEqualTo(60);
        assertThat(set.stream().filter(Example::abuse)).hasSizeGreaterThanOrEqualTo(60);
        assertThat(set.stream().filter(Example::hard)).hasSizeGreaterThanOrEqualTo(150);
        assertThat((double) holdout.size() / set.size()).isBetween(0.24, 0.26);
    }

    // The targets of issue 11, on the part the lists and keywords were tuned on.

    @Test
    void everyEmergencyOfTheTuningPartIsAnswered() {
        assertThat(tune.emergencyRecall()).as(tune.row()).isEqualTo(1.0);
    }

    @Test
    void hardlyAnyOrdinaryReportOfTheTuningPartIsToldToCall112() {
        assertThat(tune.falseUrgent()).as(tune.row()).isLessThanOrEqualTo(0.01);
    }

    @Test
    void insultsOfTheTuningPartAreHeld() {
        assertThat(tune.insultsHeldShare()).as(tune.row()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void hardlyAnyDecentReportOfTheTuningPartIsHeld() {
        assertThat(tune.falseHeld()).as(tune.row()).isLessThanOrEqualTo(0.01);
    }

    // The same targets on the held-out quarter, never tuned on (neither the lists nor the classifier's
    // training or thresholds). All five are met (docs/safety.md has the figures); the guard below keeps
    // the held-out figures where they are.

    @Test
    void everyHeldOutEmergencyIsAnswered() {
        assertThat(holdout.emergencyRecall()).as(holdout.row()).isEqualTo(1.0);
    }

    @Test
    void hardlyAnyHeldOutOrdinaryReportIsToldToCall112() {
        assertThat(holdout.falseUrgent()).as(holdout.row()).isLessThanOrEqualTo(0.01);
    }

    @Test
    void heldOutInsultsAreHeld() {
        assertThat(holdout.insultsHeldShare()).as(holdout.row()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void hardlyAnyHeldOutDecentReportIsHeld() {
        assertThat(holdout.falseHeld()).as(holdout.row()).isLessThanOrEqualTo(0.01);
    }

    @Test
    void reportsReachTheRightCategory() {
        assertThat(tune.categoryAccuracy()).as(tune.row()).isGreaterThanOrEqualTo(0.95);
        assertThat(holdout.categoryAccuracy()).as(holdout.row()).isGreaterThanOrEqualTo(0.95);
    }

    /** What is reached on the held-out part must not get worse while the targets are worked on. */
    @Test
    void theHeldOutFiguresDoNotFallBack() {
        assertThat(holdout.othersUrgent()).as(holdout.row()).isLessThanOrEqualTo(1);
        assertThat(tune.categoryAccuracy()).as(tune.row()).isGreaterThanOrEqualTo(0.98);
        assertThat(holdout.categoryAccuracy()).as(holdout.row()).isGreaterThanOrEqualTo(0.95);
    }

    static List<Example> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Example> examples = new ArrayList<>();
        boolean header = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t", 6);
            assertThat(c).as("%s line %d: split, category, emergency, abuse, hard, text", file, i + 1).hasSize(6);
            if (header) {
                header = false;
                continue;
            }
            assertThat(c[0]).as("line %d split", i + 1).isIn("tune", "holdout");
            assertThat(c[1]).as("line %d category", i + 1).matches("[A-Z_]+");
            examples.add(new Example(i + 1, c[0], c[1], yes(c[2], i), yes(c[3], i), yes(c[4], i), c[5].replace("\\n", "\n")));
        }
        return examples;
    }

    private static boolean yes(String value, int line) {
        assertThat(value).as("line %d: yes or no", line + 1).isIn("yes", "no");
        return value.equals("yes");
    }
}
