package de.meldeweg.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import de.meldeweg.directory.Classification;
import de.meldeweg.directory.KeywordClassifier;
import de.meldeweg.directory.YamlCategoryKeywords;

/**
 * Case screening checks a case for an emergency and keeps the answer as the case's urgent flag; the
 * classification after it ({@code CaseForwarding.classify}) takes that flag instead of checking the
 * text a second time. Here: with the flag the classifier gives exactly the category and rule it gives
 * when it checks the text itself, for every message of the safety evaluation set, and it does not
 * run the emergency check then.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UrgentFlagClassificationTest {

    private static final SafetyProperties PROPERTIES = new SafetyProperties("config/safety", 20, Duration.ofMinutes(10), "");

    private EmergencyDetector emergencies;
    private ModelAssistedClassifier classifier;
    private final AtomicInteger emergencyChecks = new AtomicInteger();

    @BeforeAll
    void setUp() {
        TextModel model = TextModel.fromClasspath();
        emergencies = new EmergencyDetector(PROPERTIES, model);
        AbuseFilter abuse = new AbuseFilter(PROPERTIES, model);
        YamlCategoryKeywords keywords = new YamlCategoryKeywords(Path.of("config/departments.yaml"));
        Predicate<String> counted = text -> {
            emergencyChecks.incrementAndGet();
            return emergencies.isEmergency(text);
        };
        classifier = new ModelAssistedClassifier(new KeywordClassifier(keywords), keywords, model, counted, abuse::listWords);
    }

    @Test
    void theUrgentFlagGivesTheSameCategoryAndRuleAsCheckingAgainForEveryEvaluationMessage() throws IOException {
        List<SafetyEvaluationTest.Example> set = SafetyEvaluationTest.read(SafetyEvaluationTest.SET);
        assertThat(set).hasSizeGreaterThan(600);
        int urgent = 0;
        for (SafetyEvaluationTest.Example example : set) {
            String text = example.text();
            boolean flag = emergencies.isEmergency(text);
            urgent += flag ? 1 : 0;
            ModelAssistedClassifier.Decision checked = classifier.decide(text);
            int before = emergencyChecks.get();
            ModelAssistedClassifier.Decision flagged = classifier.decide(text, flag);
            Classification viaInterface = classifier.classify(text, flag);
            assertThat(emergencyChecks.get()).as("emergency checks with the flag given, line %d", example.line()).isEqualTo(before);
            assertThat(flagged).as("line %d", example.line()).isEqualTo(checked);
            assertThat(viaInterface).as("line %d", example.line()).isEqualTo(checked.classification());
        }
        // the set has emergencies and others, so both values of the flag were compared
        assertThat(urgent).isGreaterThan(20).isLessThan(set.size() - 20);
    }

    @Test
    void theFlagIsWhatMakesAnEmergencyAGeneralCase() {
        String fire = "Es brennt im Keller vom Haus Lederstraße 12, überall Rauch!";
        assertThat(emergencies.isEmergency(fire)).isTrue();
        ModelAssistedClassifier.Decision urgent = classifier.decide(fire, true);
        assertThat(urgent.rule()).isEqualTo(ModelAssistedClassifier.BY_EMERGENCY);
        assertThat(urgent.classification().code()).isEqualTo("ALLGEMEIN");
        assertThat(classifier.decide(fire, false).rule()).isNotEqualTo(ModelAssistedClassifier.BY_EMERGENCY);
    }
}
