package de.meldeweg.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which messages ask for the state of one's reports, and which are reports. */
class StatusRequestsTest {

    @Test
    void questionsForTheState() {
        for (String text : List.of("Status", "Stand?", "stand", "Was ist mit meiner Meldung?", "Wie ist der Stand?", "STATUS!!",
                "status please", "What about my report?", "Durum?", "Статус", "الحالة", "Gibt es Neuigkeiten?")) {
            assertThat(StatusRequests.understand(text).asks()).as(text).isTrue();
            assertThat(StatusRequests.understand(text).references()).as(text).isEmpty();
        }
    }

    @Test
    void referencesWithFewWordsAsk() {
        assertThat(StatusRequests.understand("WK-2026-000042").references()).containsExactly("WK-2026-000042");
        assertThat(StatusRequests.understand("Status WK-2026-000042?").asks()).isTrue();
        assertThat(StatusRequests.understand("wk 2026 000042").references()).containsExactly("WK-2026-000042");
        assertThat(StatusRequests.understand("Was ist mit WK-2026-000042 und WK-2026-000043?").references())
                .containsExactly("WK-2026-000042", "WK-2026-000043");
    }

    @Test
    void reportsAreNoQuestions() {
        for (String text : List.of("Der Stand der Dinge: Laterne kaputt in der Badstraße",
                "WK-2026-000042 die Laterne brennt immer noch nicht, bitte nochmal schauen",
                "Status der Ampel am Marktplatz: kaputt", "Stand heute liegt dort Müll", "Löschen", "Danke")) {
            assertThat(StatusRequests.understand(text).asks()).as(text).isFalse();
        }
    }
}
