package de.meldeweg.location;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import de.meldeweg.directory.YamlCategoryKeywords;

/** Places in report texts, recognised against the shipped Calw directory (config/streets.csv, places.csv). */
class PlaceRecognizerTest {

    static final StreetDirectory.Contents CALW = new StreetDirectory.Contents(
            StreetDirectory.readStreets(Path.of("config/streets.csv")),
            StreetDirectory.readPlaces(Path.of("config/places.csv")),
            List.of("Kernstadt", "Hirsau", "Wimberg", "Heumaden", "Alzenberg", "Altburg", "Stammheim", "Holzbronn", "Speßhardt",
                    "Ernstmühl"));
    static final Set<String> KEYWORDS = CaseLocations.ordinaryWords(
            new YamlCategoryKeywords(Path.of("config/departments.yaml")).keywordsByCategory());

    private final PlaceRecognizer recognizer = new PlaceRecognizer(() -> CALW, () -> KEYWORDS, "Calw");

    private String primary(String text) {
        return PlaceRecognizer.primary(recognizer.mentions(text)).map(m -> m.label("Calw")).orElse(null);
    }

    @Test
    void theShippedDirectoryIsComplete() {
        assertThat(CALW.streets()).hasSizeGreaterThan(50);
        assertThat(CALW.places()).hasSizeGreaterThan(15);
    }

    @Test
    void streetsWithAndWithoutHouseNumberInTheWaysPeopleWriteThem() {
        assertThat(primary("Schlagloch in der Bischofstr. 12, bitte reparieren")).isEqualTo("Bischofstraße 12, 75365 Calw");
        assertThat(primary("bischofstrasse vor dem Bäcker ist ein Loch")).isEqualTo("Bischofstraße, 75365 Calw");
        assertThat(primary("In der Badstraße vor Nr. 27 liegt seit Tagen Sperrmüll")).isEqualTo("Badstraße 27, 75365 Calw");
        assertThat(primary("Altburger Str 5a: Laterne aus")).isEqualTo("Altburger Straße 5a, 75365 Calw");
        assertThat(primary("Die Laterne vor Hausnummer 12 in der Bahnhofstraße ist aus.")).isEqualTo("Bahnhofstraße 12, 75365 Calw");
        assertThat(primary("Hermann-Hesse-Platz: Bank kaputt")).isEqualTo("Hermann-Hesse-Platz, 75365 Calw");
        assertThat(primary("STUTTGARTER STRASSE 40 Ampel defekt")).isEqualTo("Stuttgarter Straße 40, 75365 Calw");
    }

    @Test
    void typosInStreetNamesAreForgiven() {
        assertThat(primary("Bishofstraße 3 Gully verstopft")).isEqualTo("Bischofstraße 3, 75365 Calw");
        assertThat(primary("in der Ledrstrase ist alles voller Müll")).isEqualTo("Lederstraße, 75365 Calw");
        assertThat(primary("Stuttgarterstrase 8, Ampel")).isEqualTo("Stuttgarter Straße 8, 75365 Calw");
        assertThat(primary("Vorstadtstrasse 11")).isEqualTo("Vorstadtstraße 11, 75365 Calw");
    }

    @Test
    void numbersThatAreNoHouseNumbers() {
        assertThat(primary("Badstraße 3 Tage schon kein Licht")).isEqualTo("Badstraße, 75365 Calw");
        assertThat(primary("Lederstraße seit 2 Wochen dunkel")).isEqualTo("Lederstraße, 75365 Calw");
        assertThat(primary("Badstraße um 12:30 Unfall gesehen")).isEqualTo("Badstraße, 75365 Calw");
    }

    @Test
    void twoStreetsTheFirstIsPrimaryAndTheOtherIsNamedToo() {
        List<Mention> mentions = recognizer.mentions("Ecke Lederstraße/Marktplatz ist die Ampel aus");
        assertThat(mentions).extracting(Mention::name).containsExactly("Lederstraße", "Marktplatz");
        assertThat(PlaceRecognizer.primary(mentions).orElseThrow().name()).isEqualTo("Lederstraße");
        assertThat(primary("Zwischen Badstraße 4 und Bischofstraße 10 fehlt ein Schild")).isEqualTo("Badstraße 4, 75365 Calw");
    }

    @Test
    void namedPlacesAndDistricts() {
        assertThat(primary("Am Bahnhof ist der Mülleimer voll")).isEqualTo("Bahnhof Calw");
        assertThat(primary("am zob liegen Scherben")).isEqualTo("ZOB");
        assertThat(primary("Im Hallenbad ist die Tür kaputt")).isEqualTo("Hallenbad");
        assertThat(primary("In Hirsau ist eine Laterne aus")).isEqualTo("Hirsau");
        assertThat(primary("Im Schwimbad ist es dreckig")).isEqualTo("Hallenbad");
        // a street beats a place or a district named before it
        assertThat(primary("In Hirsau in der Wildbader Straße 7 liegt ein Baum")).isEqualTo("Wildbader Straße 7, 75365 Calw");
    }

    @Test
    void ordinaryWordsAreNoPlaces() {
        assertThat(recognizer.mentions("Der Gehweg ist voller Laub, die Straße auch, bitte am Radweg kehren")).isEmpty();
        assertThat(recognizer.mentions("Die Straßenlaterne ist kaputt und der Spielplatz dreckig")).isEmpty();
        assertThat(recognizer.mentions("im tal unten am bach stinkt es")).isEmpty();
        assertThat(recognizer.mentions("Ich wohne in Calw und finde das toll")).isEmpty();
        assertThat(recognizer.mentions("Danke für die schnelle Hilfe!")).isEmpty();
    }

    @Test
    void streetNamesThatAreEverydayPhrasesOnlyWhenWrittenAsNames() {
        assertThat(primary("Im Brühl 3 steht ein Auto seit Wochen")).isEqualTo("Im Brühl 3, 75365 Calw");
        assertThat(recognizer.mentions("das ist im brühl nicht so")).extracting(Mention::kind).doesNotContain(Mention.Kind.STREET);
    }
}
