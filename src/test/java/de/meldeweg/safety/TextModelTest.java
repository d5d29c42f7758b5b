package de.meldeweg.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import de.meldeweg.directory.CaseClassifier;

/**
 * The classifier is trained on the tuning part of the evaluation set and on messages written for
 * training only (none of them in the evaluation set), never on the held-out quarter, and the models
 * committed under {@code src/main/resources/safety/model/} are the ones that training gives.
 */
class TextModelTest {

    private static final TextModel COMMITTED = TextModel.fromClasspath();

    @Test
    void theTrainingFileIsExactlyTheTuningPartOfTheEvaluationSet() throws IOException {
        List<SafetyEvaluationTest.Example> set = SafetyEvaluationTest.read(SafetyEvaluationTest.SET);
        List<TextModel.Example> tuning = set.stream().filter(e -> e.split().equals("tune"))
                .map(e -> new TextModel.Example(e.category(), e.emergency(), e.abuse(), e.text())).toList();
        assertThat(TextModel.readTraining()).containsExactlyElementsOf(tuning);

        Set<String> heldOut = set.stream().filter(e -> e.split().equals("holdout")).map(SafetyEvaluationTest.Example::text)
                .collect(Collectors.toSet());
        assertThat(TextModel.readTraining()).noneMatch(e -> heldOut.contains(e.text()));
    }

    @Test
    void theExtraTrainingFileHasNoMessageOfTheEvaluationSet() throws IOException {
        Set<String> evaluation = SafetyEvaluationTest.read(SafetyEvaluationTest.SET).stream()
                .map(e -> normal(e.text())).collect(Collectors.toSet());
        List<TextModel.Example> extra = TextModel.readTraining(TextModel.TRAINING_EXTRA);
        assertThat(extra).hasSizeGreaterThanOrEqualTo(400);
        // counted, not listed: a failure must not print held-out messages
        assertThat(extra.stream().filter(e -> evaluation.contains(normal(e.text()))).count())
                .as("rows of training-extra.tsv that are also in the evaluation set").isZero();
        assertThat(extra.stream().map(e -> normal(e.text())).distinct().count()).as("distinct rows").isEqualTo(extra.size());
    }

    private static String normal(String text) {
        return String.join(" ", text.toLowerCase(java.util.Locale.ROOT).trim().split("\\s+"));
    }

    @Test
    void theCommittedModelsAreTheOnesTheTrainingFilesGive() throws IOException {
        TextModel retrained = TextModel.train(TextModel.readAllTraining());
        for (SafetyEvaluationTest.Example e : SafetyEvaluationTest.read(SafetyEvaluationTest.SET)) {
            assertThat(COMMITTED.emergency(e.text())).as("line %d", e.line()).isCloseTo(retrained.emergency(e.text()), within(1e-9));
            assertThat(COMMITTED.abuse(e.text())).as("line %d", e.line()).isCloseTo(retrained.abuse(e.text()), within(1e-9));
            assertThat(COMMITTED.category(e.text())).as("line %d", e.line()).isEqualTo(retrained.category(e.text()));
        }
    }

    @Test
    void featuresComputedOnceForAllThreeModelsGiveWhatEachModelComputesItself() {
        for (TextModel.Example example : TextModel.readAllTraining()) {
            List<double[]> own = COMMITTED.categorizedByOpenNlp(example.text());
            List<double[]> shared = COMMITTED.categorized(example.text());
            for (int m = 0; m < 3; m++) {
                assertThat(shared.get(m)).as("model %d, text %s", m, example.text()).containsExactly(own.get(m));
            }
        }
    }

    @Test
    void aTextWithoutWordsIsNoEvidence() {
        for (String text : List.of("👍", "", "  !!! ", "📷")) {
            assertThat(COMMITTED.emergency(text)).as(text).isZero();
            assertThat(COMMITTED.abuse(text)).as(text).isZero();
            assertThat(COMMITTED.category(text).label()).as(text).isEqualTo(CaseClassifier.GENERAL);
        }
    }

    @Test
    void misspelledAndObfuscatedWordsShareWhatWasLearnt() {
        assertThat(COMMITTED.emergency("HILFE es brent im keler, rauch überal im trepenhaus")).isGreaterThan(0.5);
        assertThat(COMMITTED.abuse("ihr seid alle v0llidioten im r4thaus")).isGreaterThan(0.5);
        assertThat(COMMITTED.emergency("Die Laterne in der Bahnhofstraße ist kaputt")).isLessThan(0.2);
        assertThat(COMMITTED.abuse("Die Laterne in der Bahnhofstraße ist kaputt")).isLessThan(0.2);
    }
}
