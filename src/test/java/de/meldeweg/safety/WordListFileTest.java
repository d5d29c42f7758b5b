package de.meldeweg.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;

import de.meldeweg.ops.StartupLoads;

/** An admin's edit of a word list counts from the next message, without a restart; at start-up it is read in the background. */
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
    void readInTheBackgroundTheFirstCheckWaitsForTheWholeList(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("emergency.txt");
        Files.writeString(file, "feuer\nunfall\n");
        StartupLoads loads = new StartupLoads();
        CountDownLatch release = new CountDownLatch(1);
        loads.start("something before it", () -> {
            try {
                return release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        WordListFile list = new WordListFile(file, loads);
        CompletableFuture<List<String>> check = CompletableFuture.supplyAsync(() -> list.rules().matches("Unfall an der Kreuzung"));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !check.isDone());
        assertThat(loads.health().getDetails()).containsEntry("word list emergency.txt", "loading");

        release.countDown();
        assertThat(check.get(30, TimeUnit.SECONDS)).containsExactly("unfall");
        loads.awaitAll();
        assertThat(loads.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aListThatCannotBeReadInTheBackgroundFailsTheStartAndEveryCheck(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("abuse.txt");
        Files.write(file, new byte[] {'i', 'd', (byte) 0xC3, (byte) 0x28, '\n'}); // not UTF-8
        StartupLoads loads = new StartupLoads();
        WordListFile list = new WordListFile(file, loads);
        assertThatThrownBy(loads::awaitAll).hasMessageContaining("Start-up load 'word list abuse.txt' failed")
                .hasStackTraceContaining("cannot be read");
        assertThatThrownBy(list::rules).hasMessageContaining("cannot be read");
        assertThat(loads.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void aMissingListFailsAtOnce(@TempDir Path dir) {
        assertThatThrownBy(() -> new WordListFile(dir.resolve("emergency.txt"), new StartupLoads()))
                .hasMessageContaining("is missing (meldeweg.safety.dir)");
    }

    @Test
    void theCitysListsParseAndSayWhatMatched() {
        SafetyProperties properties = new SafetyProperties("config/safety", 20, java.time.Duration.ofMinutes(10), "");
        assertThat(new EmergencyDetector(properties).matches("Im Keller riecht es nach Gas"))
                .contains("riecht | riechts | rieche | stinkt | geruch | schmeckt | schmeckts + =gas");
        assertThat(new AbuseFilter(properties).matches("Die Laterne ist kaputt, ihr Vollidioten")).containsExactly("*idiot");
    }
}
