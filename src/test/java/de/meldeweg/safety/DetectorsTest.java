package de.meldeweg.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The detectors on realistic messages, with the word lists the city runs with
 * ({@code config/safety/}): emergencies in German and English, ordinary reports that share a word
 * with them, insults through spelling tricks, and ordinary words and place names that contain
 * something that looks like an insult.
 */
class DetectorsTest {

    private static final SafetyProperties PROPERTIES = new SafetyProperties("config/safety", 20, Duration.ofMinutes(10), "");
    private final EmergencyDetector emergency = new EmergencyDetector(PROPERTIES);
    private final AbuseFilter abuse = new AbuseFilter(PROPERTIES);

    @ParameterizedTest
    @ValueSource(strings = {
            "Es brennt!",
            "Es brennt in der Lederstraße 12, bitte schnell",
            "Feuer im Hinterhof!!!",
            "FEUER am Marktplatz",
            "Da brennt ein Auto auf dem Parkplatz vom Edeka",
            "Starker Rauch kommt aus dem Dachfenster",
            "Wohnungsbrand in der Bischofstraße",
            "Unfall auf der B296 Höhe Hirsau, zwei Autos",
            "Verkehrsunfall an der Kreuzung Bahnhofstraße, Mann liegt auf der Straße",
            "Radfahrer gestürzt und verletzt, blutet am Kopf",
            "Ein Kind ist schwer verletzt",
            "Eine ältere Frau liegt bewusstlos an der Bushaltestelle",
            "Da liegt einer bewustlos im Park",
            "Im Treppenhaus riecht es stark nach Gas",
            "Es riecht nach Gas in der Badstraße",
            "Gasgeruch am Spielplatz",
            "Unser Keller steht unter Wasser, das Wasser steigt",
            "Keller komplett überflutet nach dem Starkregen",
            "Schlägerei vor der Kneipe am Marktplatz",
            "Schlaegerei am Bahnhof, mehrere Leute",
            "Zwei Männer prügeln sich an der Bushaltestelle",
            "Ein Mann hat mich mit einem Messer bedroht",
            "There is a fire in the building next to the church",
            "Car accident on the main road, someone is injured",
            "I smell gas in the street near the school",
            "A man is lying unconscious at the train station",
            "Our basement is flooded",
            "The house is on fire",
            "Am ZOB brennen die Mülltonnen lichterloh",
            "Im Keller steht das Wasser kniehoch und es steigt weiter",
            "Ein Kind ist in die Nagold gefallen bei der Nikolausbrücke!!",
            "Eine ältere Frau ist auf dem Gehweg in der Biergasse gestürzt und reagiert nicht mehr",
    })
    void emergenciesAreRecognized(String message) {
        assertThat(emergency.matches(message)).as(message).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Die Feuerwehrzufahrt ist zugeparkt",
            "Die Laterne brennt nicht",
            "Die Straßenlaterne vor Nr. 5 brennt seit Tagen nicht mehr",
            "Das Licht am Sportplatz brennt tagsüber dauernd",
            "Feuerstelle im Park verdreckt",
            "An der Kreuzung passiert noch ein Unfall, wenn da nichts gemacht wird",
            "Hier besteht Unfallgefahr wegen des Schlaglochs",
            "Die Straße steht unter Wasser, der Gully ist verstopft",
            "Rauchmelder im Rathaus piept",
            "Der Hydrant an der Ecke ist beschädigt",
            "The fire hydrant on Marktstraße is leaking",
            "Zum Glück wurde niemand verletzt, aber die Leitplanke ist kaputt",
            "In der Gasse stinkt es nach Müll",
            "Brandschutztür im Parkhaus blockiert",
            "Sonnenbrand-Warnung: Spielplatz ohne Schatten",
            "Die Ampel am Bahnhof ist ausgefallen",
            "Vielen Dank an die Feuerwehr für den tollen Tag der offenen Tür",
            "Mülleimer an der Bushaltestelle Bahnhof voll, überall Wespen",
            "Glasscherben überall am Container in der Jahnstraße",
            "Vor unserem Haus steht die Straße unter Wasser weil der Einlauf voll Laub ist",
            "Graffiti am Jugendhaus bitte übermalen",
    })
    void ordinaryReportsAreNoEmergencies(String message) {
        assertThat(emergency.matches(message)).as(message).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Ihr seid doch alle Arschlöcher im Rathaus",
            "Arschloecher!",
            "A r s c h l o c h",
            "A.r.s.c.h.l.o.c.h",
            "4rschl0ch",
            "Arschhhhhloch",
            "Arsch loch",
            "Ar$chloch",
            "Vollidiot, macht endlich eure Arbeit",
            "Ihr Idioten",
            "1d10t",
            "Hurensohn",
            "H u r e n s o h n",
            "F*tze",
            "Du Spast",
            "Fick dich",
            "Ausländer raus",
            "Die Schwuchteln vom Ordnungsamt",
            "You are an asshole",
            "fuck you",
    })
    void insultsAreFoundThroughSpellingTricks(String message) {
        assertThat(abuse.matches(message)).as(message).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Im Schwanenweg ist ein Schlagloch",
            "Die Mohrenstraße ist nicht geräumt",
            "Im Bastelkeller des Jugendhauses tropft es",
            "Mein Sohn hat Spastik und kommt mit dem Rollstuhl nicht über die Bordsteinkante",
            "Ein Klassiker: der Mülleimer quillt wieder über",
            "Der Assistent im Bürgerbüro war sehr freundlich",
            "Der Behindertenparkplatz ist zugeparkt",
            "Hundescheiße überall auf dem Gehweg",
            "Nazi-Graffiti an der Brücke",
            "Die Schranke ist idiotensicher, aber kaputt",
            "Der Hund hat mich angeknurrt, bitte Leinenpflicht durchsetzen",
            "Die Wildsau hat den Rasen im Park umgegraben",
            "Der Dichter-Brunnen ist verschmutzt",
            "Häuser in der Gasse 3 und 5",
    })
    void ordinaryWordsAndPlaceNamesAreNoInsults(String message) {
        assertThat(abuse.matches(message)).as(message).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void anInsultWithARealConcernIsStillFound() {
        assertThat(abuse.matches("Die Laterne in der Badstraße ist seit Wochen kaputt, ihr faulen Idioten")).isNotEmpty();
    }

    @org.junit.jupiter.api.Test
    void typosWithinOneLetterCount() {
        assertThat(WordRules.oneTypo("bewustlos", "bewusstlos")).isTrue();
        assertThat(WordRules.oneTypo("verlezt", "verletzt")).isTrue();
        assertThat(WordRules.oneTypo("verletzt", "verlegt")).isFalse();
    }
}
