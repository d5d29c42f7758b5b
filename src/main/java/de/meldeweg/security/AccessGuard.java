package de.meldeweg.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;

/**
 * The one place that knows the open paths and the bearer tokens of the admin API. Open paths
 * ({@code meldeweg.security.open-paths}: the WhatsApp webhook and the health probes) need nothing;
 * everything else outside the console needs {@code Authorization: Bearer <token>}: one token per
 * role ({@code meldeweg.admin.token} for ADMIN, {@code meldeweg.admin.review-token},
 * {@code meldeweg.admin.viewer-token}); the metrics token ({@code meldeweg.security.metrics-token},
 * for a Prometheus scraper) opens only {@code /actuator/**}. A token that is not configured never
 * matches. Used by {@link SecurityConfiguration}'s filter chains.
 */
@Component
public class AccessGuard {

    static final int MIN_TOKEN_LENGTH = 16;
    /** The pseudo-role of the metrics token. */
    public static final String METRICS = "METRICS";
    private static final Logger LOG = LoggerFactory.getLogger(AccessGuard.class);
    private static final String BEARER = "Bearer ";

    private final List<String> openPaths;
    private final Map<ConsoleRole, byte[]> roleTokens = new EnumMap<>(ConsoleRole.class);
    private final byte[] metricsToken;
    private final AntPathMatcher matcher = new AntPathMatcher();

    @Autowired
    public AccessGuard(AccessProperties access, AdminTokenProperties admin) {
        this(access.openPaths(), admin.token(), admin.reviewToken(), admin.viewerToken(), access.metricsToken());
    }

    public AccessGuard(List<String> openPaths, String adminToken, String reviewToken, String viewerToken, String metricsToken) {
        this.openPaths = openPaths.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
        roleTokens.put(ConsoleRole.ADMIN, bytes(adminToken));
        roleTokens.put(ConsoleRole.REVIEW, bytes(reviewToken));
        roleTokens.put(ConsoleRole.VIEWER, bytes(viewerToken));
        this.metricsToken = bytes(metricsToken);
        if (roleTokens.values().stream().allMatch(t -> t.length == 0) && this.metricsToken.length == 0) {
            LOG.info("No admin or metrics token is set: only {} and the console (signed in) are open, everything else answers 401",
                    this.openPaths);
        }
    }

    public AccessGuard(List<String> openPaths, String adminToken, String metricsToken) {
        this(openPaths, adminToken, "", "", metricsToken);
    }

    private static byte[] bytes(String token) {
        return token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
    }

    /** The decoded, normalized path the servlet container routes by ("/actuator/health/../x" is "/x"). */
    public static String path(jakarta.servlet.http.HttpServletRequest request) {
        return request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }

    public boolean open(String path) {
        for (String pattern : openPaths) {
            if (pattern.equals(path) || matcher.match(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    /** True when the header carries a bearer token at all (then it must be a valid one). */
    public static boolean bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    /**
     * The role the presented token grants on this path: a console role's name, {@link #METRICS} on
     * {@code /actuator/**}, or empty when the token matches none. Constant-time comparisons.
     */
    public Optional<String> role(String path, String authorization) {
        if (!bearer(authorization)) {
            return Optional.empty();
        }
        byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        if (presented.length == 0) {
            return Optional.empty();
        }
        String granted = null;
        for (Map.Entry<ConsoleRole, byte[]> token : roleTokens.entrySet()) {
            if (matches(token.getValue(), presented) && granted == null) {
                granted = token.getKey().name();
            }
        }
        if (granted == null && (path.equals("/actuator") || path.startsWith("/actuator/")) && matches(metricsToken, presented)) {
            granted = METRICS;
        }
        return Optional.ofNullable(granted);
    }

    /** True when the token opens the path as today's single admin token did: ADMIN everywhere, metrics on the actuator. */
    boolean allowed(String path, String authorization) {
        return role(path, authorization).filter(r -> r.equals(ConsoleRole.ADMIN.name()) || r.equals(METRICS)).isPresent();
    }

    private static boolean matches(byte[] expected, byte[] presented) {
        return expected.length > 0 && MessageDigest.isEqual(expected, presented);
    }
}
