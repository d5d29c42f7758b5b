package de.meldeweg.whatsapp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import de.meldeweg.EmbeddedMode;

/**
 * Checks {@code X-Hub-Signature-256}: HMAC-SHA256 of the raw request bytes with the app secret.
 * Meta signs the body as sent (non-ASCII escaped as \\uXXXX), so only the exact bytes verify.
 */
@Component("webhookSignature")
public class WebhookSignature {

    public static final String HEADER = "X-Hub-Signature-256";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSignature.class);
    private static final String PREFIX = "sha256=";

    /** What the route does with a request: plain strings, compared in the route without conversion. */
    public static final String VALID = "VALID";
    public static final String MISSING = "MISSING";
    public static final String INVALID = "INVALID";
    /** Validly signed, but nothing in it: answered 400 (Meta never sends that; a probe or a broken proxy might). */
    public static final String EMPTY = "EMPTY";

    private final byte[] secret;
    private final ThreadLocal<Mac> macs;

    /** The public secret of application-dev.yaml that signs the shipped samples; refused outside the dev profile. */
    public static final String DEVELOPMENT_SECRET = "meldeweg-development-app-secret";

    public WebhookSignature(WhatsAppProperties whatsApp, EmbeddedMode embedded) {
        String appSecret = whatsApp.appSecret();
        if (DEVELOPMENT_SECRET.equals(appSecret) && embedded.active()) {
            LOG.warn("Development profile: webhooks signed with the public development app secret are accepted. "
                    + "Never expose this service to the internet like this.");
        }
        this.secret = appSecret == null ? new byte[0] : appSecret.getBytes(StandardCharsets.UTF_8);
        if (secret.length == 0) {
            LOG.error("meldeweg.whatsapp.app-secret is not set: every webhook POST is rejected with 403");
        }
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public String verdict(@Body byte[] body, @Header(HEADER) String signature) {
        if (signature == null || signature.isBlank()) {
            return MISSING;
        }
        byte[] bytes = body == null ? new byte[0] : body;
        if (!matches(bytes, signature)) {
            return INVALID;
        }
        return bytes.length == 0 ? EMPTY : VALID;
    }

    public boolean matches(byte[] body, String signature) {
        if (secret.length == 0 || body == null || signature == null) {
            return false;
        }
        String value = signature.trim();
        if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected = macs.get().doFinal(body);
        return MessageDigest.isEqual(expected, presented);
    }
}
