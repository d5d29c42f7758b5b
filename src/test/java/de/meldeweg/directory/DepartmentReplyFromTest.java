package de.meldeweg.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** {@code reply-from:} lists exact addresses a department may answer from; a whole domain is refused. */
class DepartmentReplyFromTest {

    private static DirectoryLoader.Directory withReplyFrom(String list) throws Exception {
        String calw = Files.readString(Path.of("config/departments.yaml")).replace("    email: tiefbauamt@stadt-calw.example\n",
                "    email: tiefbauamt@stadt-calw.example\n    reply-from: " + list + "\n");
        return DirectoryLoader.parse(new ByteArrayInputStream(calw.getBytes(StandardCharsets.UTF_8)));
    }

    private static String replyFromOf(DirectoryLoader.Directory directory, String key) {
        return directory.departments().stream().filter(d -> d.key().equals(key)).findFirst().orElseThrow().replyFrom();
    }

    @Test
    void exactAddressesAreKeptInLowerCase() throws Exception {
        DirectoryLoader.Directory directory = withReplyFrom("[Max.Mustermann@stadt-calw.example, strassen-team@stadt-calw.example]");
        assertThat(replyFromOf(directory, "tiefbauamt")).isEqualTo("max.mustermann@stadt-calw.example,strassen-team@stadt-calw.example");
        assertThat(replyFromOf(directory, "bauhof")).isNull();
    }

    @Test
    void aDomainOrPatternIsRefusedWithTheReason() {
        for (String wrong : new String[] {"[stadt-calw.example]", "[\"@stadt-calw.example\"]", "[\"*@stadt-calw.example\"]",
                "[\"a@stadt-calw.example, b@stadt-calw.example\"]"}) {
            assertThatThrownBy(() -> withReplyFrom(wrong)).as(wrong).hasMessageContaining("department tiefbauamt: reply-from")
                    .hasMessageContaining("a whole domain is not allowed");
        }
    }
}
