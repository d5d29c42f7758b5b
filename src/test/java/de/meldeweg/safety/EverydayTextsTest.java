package de.meldeweg.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Short everyday messages, as citizens and the tests send them, are neither told to call 112 nor
 * held as insults: the lists and the trained classifier together, as the service runs them. A
 * classifier trained on few short English messages once answered "Please delete my data" with 112.
 */
class EverydayTextsTest {

    private static final SafetyProperties PROPERTIES = new SafetyProperties("config/safety", 20, Duration.ofMinutes(10), "");
    private static final TextModel MODEL = TextModel.fromClasspath();
    private static final EmergencyDetector EMERGENCY = new EmergencyDetector(PROPERTIES, MODEL);
    private static final AbuseFilter ABUSE = new AbuseFilter(PROPERTIES, MODEL);

    @ParameterizedTest
    @ValueSource(strings = {
            "The fire hydrant on Marktstraße is leaking",
            "Please delete my data",
            "Im Schwimbad ist es dreckig",
            "The bench at the bus stop is broken",
            "Thank you for fixing the street light",
            "There is a lot of rubbish in the park",
            "Can you please repair the traffic light",
            "Hello",
            "Hi, I want to report something",
            "Wo klemmt's? Die Ampel ist aus",
            "Der Spielplatz ist total verdreckt, Scherben überall",
            "Bitte löscht meine Daten",
            "Wann wird das repariert?",
            "Hallo, ich habe eine Frage zum Müll",
            "Gully verstopft, Wasser steht auf der Straße",
            "Der Baum ist umgefallen und liegt auf dem Gehweg",
            "Die Straßenlaterne brennt tagsüber",
            "Feuerwehrzufahrt zugeparkt in der Badstraße",
            "Mülleimer voll, Wespen überall",
            "Ok",
            "Okay, danke",
            "Hat sich erledigt",
            "Fußgängerampel reagiert nicht, wenn man drückt",
            "Seit dem Unfall im März ist das Geländer verbogen",
            "Mir blutet das Herz, wenn ich die Altstadt sehe",
            "Der Garten hinterm Haus steht unter Wasser"})
    void isNeitherAnEmergencyNorAnInsult(String text) {
        assertThat(EMERGENCY.matches(text)).as("told to call 112: %s", text).isEmpty();
        assertThat(ABUSE.matches(text)).as("held as an insult: %s", text).isEmpty();
    }
}
