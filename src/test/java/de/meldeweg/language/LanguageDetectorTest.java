package de.meldeweg.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Real-looking first messages in the six languages, and the short ones that say too little. */
class LanguageDetectorTest {

    private static final Map<String, String> MESSAGES = Map.ofEntries(
            Map.entry("Hallo, in der Bischofstraße ist seit Tagen die Laterne kaputt. Bitte reparieren!", "de"),
            Map.entry("Der Mülleimer am Marktplatz quillt über", "de"),
            Map.entry("Grüß Gott, bei uns im Wimberg liegt überall Müll rum", "de"),
            Map.entry("Hello, the street light outside Bahnhofstraße 5 has been broken for a week", "en"),
            Map.entry("There is a big pothole on the road near the school, please fix it", "en"),
            Map.entry("Merhaba, Lederstraße'de çok çöp var, lütfen temizleyin", "tr"),
            Map.entry("Sokak lambası bozuk, üç gündür yanmıyor", "tr"),
            Map.entry("مرحبا، يوجد الكثير من القمامة بجانب المدرسة", "ar"),
            Map.entry("السلام عليكم، الإنارة في الشارع لا تعمل منذ أسبوع", "ar"),
            Map.entry("Привіт! Біля школи дуже багато сміття, будь ласка, приберіть", "uk"),
            Map.entry("Ліхтар на вулиці не світить вже тиждень", "uk"),
            Map.entry("Здравствуйте, около школы очень много мусора, пожалуйста, уберите", "ru"),
            Map.entry("Фонарь на улице не горит уже неделю", "ru"));

    @Test
    void firstMessagesInEachLanguage() {
        MESSAGES.forEach((text, language) -> assertThat(LanguageDetector.detect(text)).as(text).contains(language));
    }

    @Test
    void tooLittleToTellKeepsGerman() {
        for (String text : new String[] {"Ok", "👍", "12", "Bischofstraße 12", "Stand?", "", "   ", "WK-2026-000042"}) {
            assertThat(LanguageDetector.detect(text)).as(text).isEqualTo(Optional.empty());
        }
        assertThat(LanguageDetector.detect(null)).isEmpty();
    }

    @Test
    void germanNamesForTheDepartment() {
        assertThat(Languages.germanName("en")).isEqualTo("Englisch");
        assertThat(Languages.germanName("uk")).isEqualTo("Ukrainisch");
        assertThat(Languages.germanName(null)).startsWith("Deutsch");
    }
}
