package de.meldeweg.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import de.meldeweg.privacy.ErasureCommand.Verdict;

/** The command erases, a wish to delete gets a hint, and a report that says "löschen" stays a report. */
class ErasureCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"Löschen", "löschen", "LÖSCHEN", "LÖSCHEN!", "loeschen", "Loeschen", "LOESCHEN", "löschen.",
            " Löschen ", "\tLöschen\n", "Löschen!!!", "Löschen?", "\"Löschen\"", "Löschen 🙏", "Lo\u0308schen", "»Löschen«"})
    void theWordAloneIsTheCommand(String text) {
        assertThat(ErasureCommand.judge(text)).isEqualTo(Verdict.COMMAND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bitte meine Daten löschen", "Daten löschen", "delete my data", "Löschen bitte", "Bitte löschen",
            "Meine Daten bitte löschen!", "Wie kann ich meine Daten löschen?", "Ich möchte meine Daten löschen lassen",
            "Alles löschen", "Chat löschen", "Lösche mich", "loschen", "Please delete my data", "Delete", "remove my number",
            "Bitte entfernen Sie meine Telefonnummer", "Löschen Löschen", "Hallo, bitte alle meine Daten löschen. Danke"})
    void aShortWishToDeleteGetsTheHint(String text) {
        assertThat(ErasureCommand.judge(text)).isEqualTo(Verdict.WISH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Können Sie das Graffiti an der Brücke löschen?", "Graffiti löschen", "Bitte Graffiti entfernen",
            "Entfernen Sie den Müll am Marktplatz", "Die Straßenlaterne ist aus", "Das Feuer ist gelöscht, aber es riecht noch",
            "Löschen Sie bitte die Schmiererei an der Schule", "Lösch", "Löschfahrzeug blockiert die Einfahrt", "",
            "   ", "Bitte meine Daten löschen und die kaputte Bank im Park reparieren"})
    void aReportThatMentionsDeletingIsAReport(String text) {
        assertThat(ErasureCommand.judge(text)).isEqualTo(Verdict.NONE);
    }

    @org.junit.jupiter.api.Test
    void nothingIsNoCommand() {
        assertThat(ErasureCommand.judge(null)).isEqualTo(Verdict.NONE);
    }
}
