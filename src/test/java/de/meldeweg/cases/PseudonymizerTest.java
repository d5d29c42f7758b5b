package de.meldeweg.cases;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PseudonymizerTest {

    private final Pseudonymizer pseudonymizer = new Pseudonymizer(true);

    @Test
    void masksTypedInPhoneNumbersAndEmailAddresses() {
        assertThat(pseudonymizer.mask("Ruf an: 0151 12345678, +49 7051 123-456 oder (07051) 16789 bzw. 0049 151 1234567"))
                .isEqualTo("Ruf an: [Telefonnummer entfernt], [Telefonnummer entfernt] oder [Telefonnummer entfernt] bzw. [Telefonnummer entfernt]");
        assertThat(pseudonymizer.mask("Schreiben Sie an hans.baeuerle@example.org oder jürgen@calw-mail.de"))
                .isEqualTo("Schreiben Sie an [E-Mail-Adresse entfernt] oder [E-Mail-Adresse entfernt]");
    }

    @Test
    void leavesDatesHouseNumbersPostcodesAndTimesAlone() {
        String text = "Seit 12.03.2026 liegt vor Lederstraße 12, 75365 Calw, um 14:30 Uhr Müll, Stellplatz 4711.";
        assertThat(pseudonymizer.mask(text)).isEqualTo(text);
    }

    @Test
    void masksInternationalNumbersWithoutPlusOrZerosAsWhatsAppShowsThem() {
        assertThat(pseudonymizer.mask("Meine Nummer ist 4915112345678, oder 491701234567."))
                .isEqualTo("Meine Nummer ist [Telefonnummer entfernt], oder [Telefonnummer entfernt].");
        assertThat(pseudonymizer.mask("Rückruf unter 49 151 12345678 bitte")).isEqualTo("Rückruf unter [Telefonnummer entfernt] bitte");
        assertThat(pseudonymizer.mask("Handy 436641234567")).isEqualTo("Handy [Telefonnummer entfernt]");
    }

    @Test
    void leavesReferencesCustomerNumbersTimestampsAndIbansAlone() {
        String text = "Zu WK-2026-000042 und Kassenzeichen 1234567890, Zeitstempel 1764849600, Zählernummer 20261204, "
                + "IBAN DE89370400440532013000, Flurstück 4711/12, Lederstraße 12, 75365 Calw, am 04.12.2026 um 14:30 Uhr, "
                + "Auftrag 2026-4915-1123, Betrag 4.915,11 EUR.";
        assertThat(pseudonymizer.mask(text)).isEqualTo(text);
    }

    @Test
    void canBeSwitchedOff() {
        assertThat(new Pseudonymizer(false).mask("0151 12345678")).isEqualTo("0151 12345678");
    }
}
