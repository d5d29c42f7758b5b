package de.meldeweg.replies;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a citizen writes back after the "an answer is waiting" template. */
class AnswerRequestTest {

    @ParameterizedTest
    @ValueSource(strings = {"Ok", "ok!", "OK 👍", "👍", "🙏🙏", "Ja bitte", "Ja, gerne.", "Danke", "Dankeschön!", "Vielen Dank",
            "Okay, senden Sie mir die Antwort", "Antwort bitte", "Her damit", "Hallo?", "yes please", "Send it", "Show me the answer"})
    void aShortAcknowledgementOnlyAsksForTheWaitingAnswer(String text) {
        assertThat(AnswerRequest.acknowledges(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ok, aber die Laterne ist immer noch aus", "Danke, und an der Brücke liegt Müll",
            "Die Ampel ist wieder kaputt", "Löschen", "Wann kommt der Bauhof?", "Okay okay okay okay okay okay okay", "  "})
    void anythingWithMoreToSayIsAMessageLikeAnyOther(String text) {
        assertThat(AnswerRequest.acknowledges(text)).as(text).isFalse();
    }
}
