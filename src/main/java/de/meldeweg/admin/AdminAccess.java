package de.meldeweg.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Guards the admin endpoints with a bearer token ({@code meldeweg.admin.token}). Without a
 * configured token the admin endpoints are closed: they are never open by default.
 */
@Component("adminAccess")
public class AdminAccess {

    private static final Logger LOG = LoggerFactory.getLogger(AdminAccess.class);
    private final byte[] token;

    public AdminAccess(@Value("${meldeweg.admin.token:}") String token) {
        this.token = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
        if (this.token.length == 0) {
            LOG.info("meldeweg.admin.token is not set: the admin endpoints under /admin are closed");
        }
    }

    /** True when the request carries {@code Authorization: Bearer <the admin token>}. */
    public boolean allowed(@Header("Authorization") String authorization) {
        if (token.length == 0 || authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8));
    }
}
