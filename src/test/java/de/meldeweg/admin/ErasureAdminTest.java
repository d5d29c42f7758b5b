package de.meldeweg.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The admin may type a number as people write it; the lookup needs WhatsApp's spelling. */
class ErasureAdminTest {

    @Test
    void everySpellingBecomesTheInternationalDigits() {
        assertThat(ErasureAdmin.international("4915112345678")).isEqualTo("4915112345678");
        assertThat(ErasureAdmin.international("+49 151 12345678")).isEqualTo("4915112345678");
        assertThat(ErasureAdmin.international("+49 (151) 123-45678")).isEqualTo("4915112345678");
        assertThat(ErasureAdmin.international("0049 151 12345678")).isEqualTo("4915112345678");
        assertThat(ErasureAdmin.international("0151/12345678")).isEqualTo("4915112345678");
        assertThat(ErasureAdmin.international("+43 660 1234567")).isEqualTo("436601234567");
    }

    @Test
    void somethingThatIsNoNumberIsRefused() {
        assertThat(ErasureAdmin.international("abc")).isNull();
        assertThat(ErasureAdmin.international("110")).isNull();
    }
}
