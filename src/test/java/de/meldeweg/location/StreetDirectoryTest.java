package de.meldeweg.location;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The street directory files as a city exports them: good rows count, bad rows are left out, a wrong header is refused. */
class StreetDirectoryTest {

    @TempDir
    Path dir;

    private StreetDirectory directory() {
        return new StreetDirectory(new LocationProperties(dir.toString(), "streets.csv", "places.csv", "Calw", true,
                Duration.ofDays(14), Map.of(), List.of("LOB_ANREGUNG"), 4));
    }

    @Test
    void badRowsAreLeftOutAndTheRestCounts() throws Exception {
        Files.writeString(dir.resolve("streets.csv"), "\uFEFFname;postcode;district;lat;lon\n"
                + "Bischofstraße;75365;Kernstadt;48.7123;8.7412\n"
                + "# a comment\n"
                + "Badstraße;75365;Kernstadt;48,7110;8,7416\n"
                + "Kaputte Zeile;75365\n"
                + "Lederstraße;75365;Kernstadt;north;8.74\n"
                + "Wildbader Straße;75365;Hirsau;;\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("places.csv"), "name;aliases;lat;lon\nZOB;Busbahnhof| Zentraler Omnibusbahnhof ;48.7175;8.7435\n",
                StandardCharsets.UTF_8);
        StreetDirectory directory = directory();
        directory.load();
        StreetDirectory.Contents contents = directory.contents();
        assertThat(contents.streets()).extracting(StreetDirectory.Street::name).containsExactly("Bischofstraße", "Badstraße", "Wildbader Straße");
        assertThat(contents.streets().get(1).latitude()).isEqualTo(48.7110);
        assertThat(contents.streets().get(2).latitude()).isNull();
        assertThat(contents.districts()).containsExactly("Kernstadt", "Hirsau");
        assertThat(contents.places().get(0).aliases()).containsExactly("Busbahnhof", "Zentraler Omnibusbahnhof");
    }

    @Test
    void aFileWithoutItsHeaderIsRefusedAndTheDirectoryInUseStays() throws Exception {
        Files.writeString(dir.resolve("streets.csv"), "name;postcode;district;lat;lon\nBadstraße;75365;Kernstadt;;\n");
        StreetDirectory directory = directory();
        directory.load();
        assertThat(directory.contents().streets()).hasSize(1);

        Files.writeString(dir.resolve("streets.csv"), "Straße,PLZ\nLederstraße,75365\n");
        directory.load();
        assertThat(directory.contents().streets()).extracting(StreetDirectory.Street::name).containsExactly("Badstraße");

        Files.writeString(dir.resolve("streets.csv"), "name;postcode;district;lat;lon\nLederstraße;75365;Kernstadt;;\n");
        directory.load();
        assertThat(directory.contents().streets()).extracting(StreetDirectory.Street::name).containsExactly("Lederstraße");
        // and the recognizer follows the new contents
        PlaceRecognizer recognizer = new PlaceRecognizer(directory::contents, java.util.Set::of, "Calw");
        assertThat(recognizer.mentions("Müll in der Lederstr. 4")).extracting(Mention::houseNumber).containsExactly("4");
        assertThat(recognizer.mentions("Müll in der Badstraße 4")).isEmpty();
    }

    @Test
    void missingFilesMeanNoPlacesNotAFailure() {
        StreetDirectory directory = directory();
        directory.load();
        assertThat(directory.contents().streets()).isEmpty();
        assertThat(new PlaceRecognizer(directory::contents, java.util.Set::of, "Calw").mentions("Bischofstraße 12")).isEmpty();
    }
}
