package de.meldeweg.cases;

import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * Masks phone numbers and e-mail addresses that citizens type into their reports before the
 * report leaves for a department ({@code meldeweg.privacy.mask-contacts}, on by default).
 */
@Component
public class Pseudonymizer {

    private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}.-]+\\.[\\p{L}]{2,}");
    // +49 151 12345678, 0151/1234567, 07051 123-45, (07051) 12345, 0049 7051 12345: starts with +
    // or 0, seven or more digits. Dates (12.03.2026) and house numbers are left alone.
    private static final Pattern PHONE = Pattern.compile("(?<![\\p{L}\\p{N}+])(?:\\+|\\(?0)[\\d ()/\\-]{5,}\\d(?![\\p{L}\\p{N}])");

    // 4915112345678, 43 664 1234567: an international number typed without + or 00, as WhatsApp
    // shows it. Only with a country code of Germany or its neighbours and frequent senders, and
    // 11 to 15 digits, so postcodes (5), dates (8), references and Unix times (10, starting with 1)
    // stay as they are.
    private static final Pattern INTERNATIONAL = Pattern.compile(
            "(?<![\\p{L}\\p{N}+/.,:-])(?:30|31|32|33|34|36|39|40|41|43|44|45|46|47|48|49|90|351|352|353|358|359|380|385|386|387|420|421)"
            + " ?[1-9][\\d ]{8,14}\\d(?![\\p{L}\\p{N}]|[.,:/-]\\d)");

    private final boolean enabled;

    @org.springframework.beans.factory.annotation.Autowired
    public Pseudonymizer(de.meldeweg.privacy.PrivacyProperties privacy) {
        this(privacy.maskContacts());
    }

    public Pseudonymizer(boolean enabled) {
        this.enabled = enabled;
    }

    public String mask(String text) {
        if (!enabled || text == null) {
            return text;
        }
        String masked = EMAIL.matcher(text).replaceAll("[E-Mail-Adresse entfernt]");
        masked = PHONE.matcher(masked).replaceAll(m -> digits(m.group()) >= 7 ? "[Telefonnummer entfernt]" : m.group());
        return INTERNATIONAL.matcher(masked).replaceAll(m -> digits(m.group()) >= 11 && digits(m.group()) <= 15
                && !m.group().contains("  ") ? "[Telefonnummer entfernt]" : m.group());
    }

    private static int digits(String s) {
        return (int) s.chars().filter(Character::isDigit).count();
    }
}
