package de.meldeweg.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Encrypts personal data at rest (AES-256-GCM, random IV per value) and derives keyed lookup
 * hashes (HMAC-SHA256) so that a phone number or message id can be found again without being
 * stored in the clear.
 */
@Component
public class PersonalDataCipher {

    private static final String VERSION = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec encryptionKey;
    private final SecretKeySpec hashKey;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Mac> macs;

    /**
     * Both keys must be configured: the start-up check (ProductionProfileCheck) names missing ones
     * before anything starts; the public development keys exist only in application-dev.yaml.
     */
    public PersonalDataCipher(CryptoProperties properties) {
        this.encryptionKey = new SecretKeySpec(key(properties.key(), "meldeweg.crypto.key"), "AES");
        this.hashKey = new SecretKeySpec(key(properties.hashKey(), "meldeweg.crypto.hash-key"), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private static byte[] key(String configured, String property) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException(property + " is not set: personal data cannot be stored without a key "
                    + "(generate one with: openssl rand -base64 32)");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(configured.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not Base64 (generate one with: openssl rand -base64 32)");
        }
        if (key.length != 32) {
            throw new IllegalStateException(property + " must be 32 bytes in Base64, found " + key.length + " bytes");
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
        return seal(encryptionKey, VERSION, plain);
    }

    private String seal(SecretKeySpec key, String version, String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return version + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** Marks a sealed byte payload (a webhook body); raw JSON never starts so. */
    private static final byte[] SEALED = "v1b:".getBytes(StandardCharsets.US_ASCII);

    /** Encrypts bytes (a webhook body as received) for storage; null stays null. */
    public byte[] sealBytes(byte[] plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[SEALED.length + IV_BYTES + sealed.length];
            System.arraycopy(SEALED, 0, out, 0, SEALED.length);
            System.arraycopy(iv, 0, out, SEALED.length, IV_BYTES);
            System.arraycopy(sealed, 0, out, SEALED.length + IV_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /**
     * The bytes {@link #sealBytes} sealed, exactly as received; bytes stored before sealing was
     * introduced (not starting with the marker) come back as they are.
     */
    public byte[] openBytes(byte[] stored) {
        if (stored == null || !startsWithMarker(stored)) {
            return stored;
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, stored, SEALED.length, IV_BYTES));
            int offset = SEALED.length + IV_BYTES;
            return cipher.doFinal(stored, offset, stored.length - offset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed (wrong meldeweg.crypto.key?)", e);
        }
    }

    private static boolean startsWithMarker(byte[] stored) {
        if (stored.length < SEALED.length) {
            return false;
        }
        for (int i = 0; i < SEALED.length; i++) {
            if (stored[i] != SEALED[i]) {
                return false;
            }
        }
        return true;
    }

    /** Decrypts what {@link #encrypt} produced; null stays null. */
    public String decrypt(String stored) {
        return open(encryptionKey, VERSION, stored);
    }

    private String open(SecretKeySpec key, String version, String stored) {
        if (stored == null) {
            return null;
        }
        if (!stored.startsWith(version)) {
            throw new IllegalArgumentException("unknown ciphertext version");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(version.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed (wrong meldeweg.crypto.key?)", e);
        }
    }

    /**
     * A cipher for one purpose only, with a key of its own derived from meldeweg.crypto.key
     * (HMAC-SHA256 of the purpose's name) and its own version prefix: what it sealed, the generic
     * {@link #decrypt} cannot open. Handed out inside this package only.
     */
    Purpose purpose(String version, String name) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(encryptionKey.getEncoded(), "HmacSHA256"));
            byte[] derived = mac.doFinal(("meldeweg purpose key: " + name).getBytes(StandardCharsets.UTF_8));
            return new Purpose(new SecretKeySpec(derived, "AES"), version);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** See {@link #purpose}. */
    final class Purpose {
        private final SecretKeySpec key;
        private final String version;

        private Purpose(SecretKeySpec key, String version) {
            this.key = key;
            this.version = version;
        }

        String encrypt(String plain) {
            return seal(key, version, plain);
        }

        /** Values of this purpose, and values stored with the generic cipher before the purpose had its own key. */
        String decrypt(String stored) {
            return stored != null && stored.startsWith(version) ? open(key, version, stored) : PersonalDataCipher.this.decrypt(stored);
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
