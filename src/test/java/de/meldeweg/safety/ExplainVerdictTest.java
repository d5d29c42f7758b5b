package de.meldeweg.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The explainer as the command line builds it ({@link ExplainVerdict}, the city's {@code config/}): it shows
 * both the list rules with their words and the trained classifier's labels with probabilities, and says
 * which of them decided.
 */
class ExplainVerdictTest {

    private static VerdictExplainer explainer;

    @BeforeAll
    static void build() throws IOException {
        explainer = ExplainVerdict.explainer(Path.of("config"), de.meldeweg.MeldewegConfiguration.jsonMapper());
    }

    @Test
    void anEmergencyTheListDoesNotKnowIsAnsweredOnTheClassifiersWord() {
        VerdictExplainer.Explanation e = explainer.explain("Meine Oma ist im Treppenhaus gestürzt und antwortet nicht mehr, bitte schnell");
        assertThat(e.emergency()).isTrue();
        assertThat(e.emergencyRules()).singleElement().satisfies(rule -> {
            assertThat(rule.entry()).startsWith("classifier: emergency, probability 0.");
            assertThat(rule.words()).isEmpty();
        });
        assertThat(e.classifier().emergency()).isGreaterThanOrEqualTo(EmergencyDetector.MODEL_THRESHOLD);
        assertThat(e.held()).isFalse();
    }

    @Test
    void aListHitStillDecidesAndTheClassifiersViewIsShownBeside() {
        VerdictExplainer.Explanation e = explainer.explain("Ihr Penner im Rathaus kriegt nix gebacken");
        assertThat(e.held()).isTrue();
        assertThat(e.abuseRules()).singleElement().satisfies(rule -> {
            assertThat(rule.entry()).startsWith("penner");
            assertThat(rule.words()).isNotEmpty();
        });
        assertThat(e.classifier().abuse()).isBetween(0.0, 1.0);
        assertThat(e.classifier().category()).isNotBlank();
    }

    @Test
    void anInsultTheListDoesNotKnowIsHeldOnTheClassifiersWord() {
        VerdictExplainer.Explanation e = explainer.explain("ihr seid doch alle behindert da oben");
        assertThat(e.held()).isTrue();
        assertThat(e.abuseRules()).singleElement().satisfies(rule -> assertThat(rule.entry()).startsWith("classifier: insulting"));
    }

    @Test
    void theDirectorysKeywordsDecideWhereTheyAreSure() {
        VerdictExplainer.Explanation e = explainer.explain("Die Bank an der Bushaltestelle Marktplatz ist kaputt – bitte reparieren!");
        assertThat(e.emergency()).isFalse();
        assertThat(e.held()).isFalse();
        assertThat(e.category()).isEqualTo("GRUEN");
        assertThat(e.categoryKeywords()).contains("bank");
        assertThat(e.department()).isNotNull();
        assertThat(e.classifier().decidedCategory()).isFalse();
        assertThat(e.classifier().categoryRule()).isEqualTo(ModelAssistedClassifier.BY_KEYWORDS);
    }

    @Test
    void anEmergencyAtAPlaceGoesToTheGeneralOfficeNotToThePlacesDepartment() {
        VerdictExplainer.Explanation e = explainer.explain("Ein Mann liegt bewusstlos auf dem Spielplatz in Heumaden, atmet kaum");
        assertThat(e.emergency()).isTrue();
        assertThat(e.category()).isEqualTo("ALLGEMEIN");
        assertThat(e.classifier().categoryRule()).isEqualTo(ModelAssistedClassifier.BY_EMERGENCY);
        assertThat(e.classifier().decidedCategory()).isFalse();
    }

    @Test
    void praiseThatNamesAnObjectIsPraise() {
        VerdictExplainer.Explanation e = explainer.explain("Geil, die neue Laterne am Fußweg zur Schule, endlich hell");
        assertThat(e.emergency()).isFalse();
        assertThat(e.category()).isEqualTo("LOB_ANREGUNG");
        assertThat(e.categoryKeywords()).contains("geil");
        assertThat(e.classifier().categoryRule()).isEqualTo(ModelAssistedClassifier.BY_PRAISE);
    }

    @Test
    void aKeywordInsideAnInsultIsNoReport() {
        VerdictExplainer.Explanation e = explainer.explain("Ihr Drecksäcke im Rathaus");
        assertThat(e.held()).isTrue();
        assertThat(e.category()).isNotEqualTo("SAUBERKEIT");
        assertThat(e.classifier().categoryRule()).endsWith(ModelAssistedClassifier.WITHOUT_INSULT_WORDS);
    }

    @Test
    void aReactionIsNoEvidenceForTheClassifier() {
        VerdictExplainer.Explanation e = explainer.explain("👍");
        assertThat(e.emergency()).isFalse();
        assertThat(e.held()).isFalse();
        assertThat(e.classifier().emergency()).isZero();
        assertThat(e.classifier().abuse()).isZero();
    }
}
