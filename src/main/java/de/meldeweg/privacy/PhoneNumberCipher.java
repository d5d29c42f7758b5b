package de.meldeweg.privacy;

import org.springframework.stereotype.Component;

/**
 * The only way to a citizen's phone number (and WhatsApp user id) in the clear: their addresses
 * are sealed with a key of their own (prefix {@code a1:}) that the generic {@link PersonalDataCipher}
 * cannot open. Only the citizen store ({@code Citizens}) and the WhatsApp sender ({@code GraphApi})
 * may use it; {@code ArchitectureTest} holds every other package, delivery, directory and the
 * console above all, away from it.
 */
@Component
public class PhoneNumberCipher {

    private final PersonalDataCipher.Purpose purpose;

    public PhoneNumberCipher(PersonalDataCipher cipher) {
        this.purpose = cipher.purpose("a1:", "citizen address");
    }

    public String encrypt(String address) {
        return purpose.encrypt(address);
    }

    /** Also opens addresses stored with the generic cipher before addresses had their own key. */
    public String decrypt(String stored) {
        return purpose.decrypt(stored);
    }
}
