package de.meldeweg.privacy;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Keys for personal data: {@code key} encrypts (AES-256-GCM), {@code hashKey} keys the lookup
 * hashes (HMAC-SHA256). Both are 32 random bytes in Base64.
 */
@ConfigurationProperties("meldeweg.crypto")
public record CryptoProperties(String key, String hashKey) {
}
