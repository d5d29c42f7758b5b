package de.meldeweg.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class AhoCorasickTest {

    private static List<Integer> found(AhoCorasick automaton, String text) {
        List<Integer> found = new ArrayList<>();
        automaton.scan(text, key -> found.add(key));
        return found;
    }

    @Test
    void findsEveryKeyWhereItEndsIncludingKeysInsideOthers() {
        AhoCorasick automaton = new AhoCorasick(List.of("he", "she", "his", "hers", "", "rauch"));
        // "ushers": she and he end at 3, hers at 5
        assertThat(found(automaton, "ushers")).containsExactly(1, 0, 3);
        assertThat(found(automaton, "rauchrauch")).containsExactly(5, 5);
        assertThat(found(automaton, "nichts")).isEmpty();
        assertThat(found(automaton, "")).isEmpty();
    }

    /** The same as looking for every key at every place, on random texts over a small alphabet. */
    @Test
    void agreesWithTheNaiveSearch() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            List<String> keys = new ArrayList<>();
            for (int k = 0; k < 1 + random.nextInt(12); k++) {
                keys.add(word(random, 1 + random.nextInt(5)));
            }
            AhoCorasick automaton = new AhoCorasick(keys);
            String text = word(random, random.nextInt(60));
            List<Integer> naive = new ArrayList<>();
            for (int end = 1; end <= text.length(); end++) {
                for (int k = 0; k < keys.size(); k++) {
                    if (text.substring(0, end).endsWith(keys.get(k))) {
                        naive.add(k);
                    }
                }
            }
            assertThat(found(automaton, text)).as("%s in %s", keys, text).containsExactlyInAnyOrderElementsOf(naive);
        }
    }

    private static String word(Random random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append("abcä".charAt(random.nextInt(4)));
        }
        return s.toString();
    }
}
