package de.meldeweg.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PersonalDataCipherTest {

    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String HASH_KEY = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";
    private final PersonalDataCipher cipher =
            new PersonalDataCipher(new CryptoProperties(KEY, HASH_KEY));

    @Test
    void encryptsWithAFreshIvEveryTimeAndDecryptsBack() {
        String a = cipher.encrypt("4915112345678");
        String b = cipher.encrypt("4915112345678");
        assertThat(a).isNotEqualTo(b).doesNotContain("4915112345678").startsWith("v1:");
        assertThat(cipher.decrypt(a)).isEqualTo("4915112345678");
        assertThat(cipher.decrypt(cipher.encrypt("Elif Öztürk \uD83C\uDF3B"))).isEqualTo("Elif Öztürk \uD83C\uDF3B");
        assertThat(cipher.encrypt(null)).isNull();
    }

    @Test
    void aTamperedValueIsRefused() {
        String sealed = cipher.encrypt("4915112345678");
        String tampered = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThatThrownBy(() -> cipher.decrypt(tampered)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keyedHashesAreStablePerDomainAndDependOnTheKey() {
        assertThat(cipher.keyedHash("phone", "4915112345678")).isEqualTo(cipher.keyedHash("phone", "4915112345678"));
        assertThat(cipher.keyedHash("phone", "4915112345678")).isNotEqualTo(cipher.keyedHash("user", "4915112345678"));
        PersonalDataCipher other = new PersonalDataCipher(new CryptoProperties(KEY, KEY));
        assertThat(other.keyedHash("phone", "4915112345678")).isNotEqualTo(cipher.keyedHash("phone", "4915112345678"));
    }

    @Test
    void missingOrShortKeysStopTheStart() {
        assertThatThrownBy(() -> new PersonalDataCipher(new CryptoProperties("", "")))
                .hasMessageContaining("meldeweg.crypto.key is not set");
        assertThatThrownBy(() -> new PersonalDataCipher(new CryptoProperties("c2hvcnQ=", HASH_KEY)))
                .hasMessageContaining("must be 32 bytes");
    }

    @Test
    void aPhoneNumberSealedForItsPurposeCannotBeOpenedByTheGenericCipher() {
        PhoneNumberCipher addresses = new PhoneNumberCipher(cipher);
        String sealed = addresses.encrypt("4915112345678");
        assertThat(sealed).startsWith("a1:").doesNotContain("4915112345678");
        assertThat(addresses.decrypt(sealed)).isEqualTo("4915112345678");
        assertThatThrownBy(() -> cipher.decrypt(sealed)).isInstanceOf(IllegalArgumentException.class);
        // a number stored before addresses had their own key is still read
        assertThat(addresses.decrypt(cipher.encrypt("4915112345678"))).isEqualTo("4915112345678");
        // and a forged prefix does not make the generic key open it
        assertThatThrownBy(() -> addresses.decrypt("a1:" + sealed.substring(3, 20) + "AAAA")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void thereIsNoBuiltInKeyOnH2Either() {
        assertThatThrownBy(() -> new PersonalDataCipher(new CryptoProperties(null, null)))
                .hasMessageContaining("meldeweg.crypto.key is not set");
        assertThatThrownBy(() -> new PersonalDataCipher(new CryptoProperties(KEY, "")))
                .hasMessageContaining("meldeweg.crypto.hash-key is not set");
    }
}
