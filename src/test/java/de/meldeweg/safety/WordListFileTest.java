package de.meldeweg.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An admin's edit of a word list counts from the next message, without a restart. */
class WordListFileTest {

    @Test
    void aSavedListIsReadAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("abuse.txt");
        Files.writeString(file, "# test list\nidiot\n");
        WordListFile list = new WordListFile(file);
        assertThat(list.rules().matches("Ihr Idioten")).containsExactly("idiot");
        assertThat(list.rules().matches("Ihr Pfeifen")).isEmpty();

        Files.writeString(file, "idiot\npfeife\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(list.rules().matches("Ihr Pfeifen")).containsExactly("pfeife");
    }

    @Test
    void theCitysListsParseAndSayWhatMatched() {
        SafetyProperties properties = new SafetyProperties("config/safety", 20, java.time.Duration.ofMinutes(10), "");
        assertThat(new EmergencyDetector(properties).matches("Im Keller riecht es nach Gas"))
                .contains("riecht | riechts | rieche | stinkt | geruch | schmeckt | schmeckts + =gas");
        assertThat(new AbuseFilter(properties).matches("Die Laterne ist kaputt, ihr Vollidioten")).containsExactly("*idiot");
    }
}
