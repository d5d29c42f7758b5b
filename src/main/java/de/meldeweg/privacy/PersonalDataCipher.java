package de.meldeweg.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import de.meldeweg.EmbeddedMode;

/**
 * Encrypts personal data at rest (AES-256-GCM, random IV per value) and derives keyed lookup
 * hashes (HMAC-SHA256) so that a phone number or message id can be found again without being
 * stored in the clear.
 */
@Component
public class PersonalDataCipher {

    private static final Logger LOG = LoggerFactory.getLogger(PersonalDataCipher.class);
    private static final String VERSION = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec encryptionKey;
    private final SecretKeySpec hashKey;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Mac> macs;

    public PersonalDataCipher(CryptoProperties properties, EmbeddedMode embeddedMode) {
        boolean embedded = embeddedMode.active();
        this.encryptionKey = new SecretKeySpec(keyOrDevDefault(properties.key(), "meldeweg.crypto.key", "encryption", embedded), "AES");
        this.hashKey = new SecretKeySpec(keyOrDevDefault(properties.hashKey(), "meldeweg.crypto.hash-key", "hashing", embedded), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private static byte[] keyOrDevDefault(String configured, String property, String purpose, boolean embedded) {
        if (configured != null && !configured.isBlank()) {
            byte[] key = Base64.getDecoder().decode(configured.trim());
            if (key.length != 32) {
                throw new IllegalStateException(property + " must be 32 bytes in Base64, found " + key.length + " bytes");
            }
            return key;
        }
        if (!embedded) {
            throw new IllegalStateException(property + " is not set: personal data cannot be stored without a key "
                    + "outside the embedded H2 mode (generate one with: openssl rand -base64 32)");
        }
        LOG.warn("**************************************************************************");
        LOG.warn("* {} is not set: using the built-in DEVELOPMENT key for {}.", property, purpose);
        LOG.warn("* Anyone with this source code can read the personal data in ./data.");
        LOG.warn("* Set {} before real citizens write to this service.", property);
        LOG.warn("**************************************************************************");
        byte[] key = new byte[32];
        byte[] seed = ("meldeweg-development-only-" + purpose).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < key.length; i++) {
            key[i] = seed[i % seed.length];
        }
        return key;
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Encrypts a value; null stays null. */
    public String encrypt(String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return VERSION + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** Decrypts what {@link #encrypt} produced; null stays null. */
    public String decrypt(String stored) {
        if (stored == null) {
            return null;
        }
        if (!stored.startsWith(VERSION)) {
            throw new IllegalArgumentException("unknown ciphertext version");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(VERSION.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed (wrong meldeweg.crypto.key?)", e);
        }
    }

    /**
     * A keyed hash for lookups. The domain ("phone", "user", "wamid") keeps equal strings of
     * different kinds apart.
     */
    public String keyedHash(String domain, String value) {
        Mac mac = macs.get();
        mac.update(domain.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
