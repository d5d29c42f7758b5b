package de.meldeweg.privacy;

/** Masks phone numbers for log lines: {@code 4915112345678} becomes {@code 49151*****678}. */
public final class PhoneMask {

    private PhoneMask() {
    }

    public static String mask(String phone) {
        if (phone == null || phone.isBlank()) {
            return "-";
        }
        String digits = phone.replaceAll("\\D", "");
        if (digits.length() <= 8) {
            return "*".repeat(digits.length());
        }
        return digits.substring(0, 5) + "*".repeat(digits.length() - 8) + digits.substring(digits.length() - 3);
    }
}
