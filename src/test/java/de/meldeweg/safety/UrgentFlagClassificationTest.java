package de.meldeweg.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import de.meldeweg.directory.Classification;
import de.meldeweg.directory.KeywordClassifier;
import de.meldeweg.directory.YamlCategoryKeywords;

/**
 * Case screening checks a case for an emergency and keeps the answer as the case's urgent flag; the
 * classification after it ({@code CaseForwarding.classify}) takes that flag instead of checking the
 * text a second time. Here: with the flag the classifier gives exactly the category and rule it gives
 * when it checks the text itself, for every message of the safety evaluation set, and it does not
 * run the emergency check then; the text read once by screening and handed on gives the same answers;
 * and screening takes intake's answer for a case of one message instead of checking it again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UrgentFlagClassificationTest {

    private static final SafetyProperties PROPERTIES = new SafetyProperties("config/safety", 20, Duration.ofMinutes(10), "");

    private EmergencyDetector emergencies;
    private ModelAssistedClassifier classifier;
    /** As the service builds it: the lists and the classifier share one reading of the text. */
    private ModelAssistedClassifier service;
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
        service = new ModelAssistedClassifier(new KeywordClassifier(keywords), keywords, model, emergencies, abuse);
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
            // read once by case screening and handed on: the same answers as reading the text for each step
            SafetyText.Reading read = SafetyText.read(text);
            assertThat(emergencies.isEmergency(read)).as("line %d", example.line()).isEqualTo(flag);
            assertThat(service.decide(text)).as("line %d", example.line()).isEqualTo(checked);
            assertThat(service.classify(read, flag)).as("line %d", example.line()).isEqualTo(checked.classification());
        }
        // the set has emergencies and others, so both values of the flag were compared
        assertThat(urgent).isGreaterThan(20).isLessThan(set.size() - 20);
    }

    @Test
    void caseScreeningTakesIntakesAnswerForTheSameTextOnce() {
        String fire = "Es brennt im Keller vom Haus Lederstraße 12, überall Rauch!";
        String lamp = "Die Laterne vor Hausnummer 5 ist seit Tagen aus.";
        assertThat(emergencies.isEmergencyNoted(fire)).isTrue();
        assertThat(emergencies.isEmergencyNoted(lamp)).isFalse();
        assertThat(emergencies.takeNoted(lamp)).isFalse();
        assertThat(emergencies.takeNoted(fire)).isTrue();
        assertThat(emergencies.takeNoted(fire)).as("taken once").isNull();
        // a case of two messages is another text: checked at screening
        emergencies.isEmergencyNoted(fire);
        assertThat(emergencies.takeNoted(fire + "\n\n" + lamp)).isNull();
        assertThat(emergencies.takeNoted(null)).isNull();
    }

    @Test
    void anAnswerGivenByAnEarlierListIsNotTaken(@TempDir Path dir) throws IOException {
        Path list = dir.resolve("emergency.txt");
        Files.writeString(list, "# test list\nbrennt !laterne\n");
        EmergencyDetector byList = new EmergencyDetector(new SafetyProperties(dir.toString(), 20, Duration.ofMinutes(10), ""));
        String smoke = "Aus dem Dach kommt dichter Qualm";
        assertThat(byList.isEmergencyNoted(smoke)).isFalse();
        Files.writeString(list, "brennt !laterne\nqualm\n");
        Files.setLastModifiedTime(list, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(byList.takeNoted(smoke)).as("the list was edited since").isNull();
        assertThat(byList.isEmergency(smoke)).isTrue();
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
