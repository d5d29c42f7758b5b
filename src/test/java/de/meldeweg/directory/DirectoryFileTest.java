package de.meldeweg.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The shipped directory is complete, and a broken edit is refused with its reason. */
class DirectoryFileTest {

    private static DirectoryLoader.Directory parse(String yaml) {
        return DirectoryLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void calwsDirectoryHasEveryCategoryWithADepartment() throws Exception {
        DirectoryLoader.Directory calw = DirectoryLoader.parse(Files.newInputStream(Path.of("config/departments.yaml")));
        assertThat(calw.categories()).extracting(DirectoryLoader.Category::code)
                .containsExactlyInAnyOrderElementsOf(DirectoryLoader.CATEGORY_CODES);
        assertThat(calw.departments()).extracting(DirectoryLoader.Department::name)
                .contains("Tiefbauamt", "Technische Dienste (Bauhof)", "Straßenverkehrsbehörde", "Beschwerdemanagement (Hauptamt)");
    }

    @Test
    void brokenEditsAreRefusedWithTheReason() throws Exception {
        String calw = Files.readString(Path.of("config/departments.yaml"));
        assertThatThrownBy(() -> parse(calw.replace("code: WASSER", "code: WASER"))).hasMessageContaining("unknown category code WASER");
        assertThatThrownBy(() -> parse(calw.replace("department: abwasser", "department: abwaser")))
                .hasMessageContaining("names unknown department abwaser");
        assertThatThrownBy(() -> parse(calw.replace("email: abwasser@stadt-calw.example", "email: abwasser")))
                .hasMessageContaining("no e-mail address");
        assertThatThrownBy(() -> parse("departments: []\n")).hasMessageContaining("non-empty list");
    }
}
