package de.meldeweg.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneMaskTest {

    @Test
    void keepsCountryAndNetworkPrefixAndTheLastThreeDigits() {
        assertThat(PhoneMask.mask("4915112345678")).isEqualTo("49151*****678");
        assertThat(PhoneMask.mask("+49 151 12345678")).isEqualTo("49151*****678");
        assertThat(PhoneMask.mask("1234567")).isEqualTo("*******");
        assertThat(PhoneMask.mask(null)).isEqualTo("-");
    }
}
