package de.meldeweg.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The search that erasure and purge tests rely on must itself find every spelling. */
class PersonalDataSearchTest {

    private final PersonalDataSearch search = PersonalDataSearch.in(null, null).phone("4915112345678").text("Gisela Muster");

    @Test
    void findsTheNumberInEverySpelling() {
        assertThat(search.matches("{\"from\":\"4915112345678\"}")).isTrue();
        assertThat(search.matches("Ruf an: +49 151 12345678")).isTrue();
        assertThat(search.matches("Ruf an: +49 (151) 123-45678")).isTrue();
        assertThat(search.matches("Ruf an: 0151 12345678")).isTrue();
        assertThat(search.matches("Ruf an: 015112345678.")).isTrue();
    }

    @Test
    void findsNamesWhateverTheirCase() {
        assertThat(search.matches("Profil: GISELA MUSTER")).isTrue();
    }

    @Test
    void doesNotSeeOtherNumbersOrMaskedOnes() {
        assertThat(search.matches("WK-2026-000042, 49151*****678")).isFalse();
        assertThat(search.matches("4915112345679")).isFalse();
        assertThat(search.matches("")).isFalse();
    }
}
