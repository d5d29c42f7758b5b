package de.meldeweg.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The word lists found through one automaton pass per clause give exactly what checking every rule
 * gives, on the city's lists and the 628 texts of the evaluation set, also in leetspeak.
 */
class WordRulesAutomatonTest {

    @Test
    void theAutomatonFindsWhatCheckingEveryRuleFinds() throws IOException {
        List<String> texts = new ArrayList<>();
        for (SafetyEvaluationTest.Example e : SafetyEvaluationTest.read(SafetyEvaluationTest.SET)) {
            texts.add(e.text());
            texts.add(e.text().replace("e", "3").replace("i", "1"));
        }
        texts.addAll(List.of("Du A*schloch", "A r s c h l o c h", "Arsch loch", "Es brent im Treppenhauss", "👍", ""));
        for (String list : List.of("emergency.txt", "abuse.txt")) {
            WordRules rules = WordRules.parse(Files.readAllLines(Path.of("config/safety", list), StandardCharsets.UTF_8),
                    WordListFile.ordinaryWords(Path.of("config/safety")));
            int found = 0;
            for (String text : texts) {
                List<WordRules.Hit> expected = rules.hitsCheckingEveryRule(text);
                assertThat(rules.hits(text)).as("%s: %s", list, text).isEqualTo(expected);
                found += expected.isEmpty() ? 0 : 1;
            }
            assertThat(found).as(list).isGreaterThan(100);
        }
    }
}
