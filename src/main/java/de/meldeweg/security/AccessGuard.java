package de.meldeweg.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Closed by default: every path except the open ones ({@code meldeweg.security.open-paths}: the
 * WhatsApp webhook and the health probes) needs {@code Authorization: Bearer <token>}. The admin
 * token ({@code meldeweg.admin.token}) opens everything; the metrics token
 * ({@code meldeweg.security.metrics-token}, for a Prometheus scraper) opens only {@code /actuator/**}.
 * Without a configured token those paths are closed. A servlet filter rather than Spring
 * Security: no session, no CSRF, and the webhook passes with one path comparison.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AccessGuard extends OncePerRequestFilter {

    static final int MIN_TOKEN_LENGTH = 16;
    private static final Logger LOG = LoggerFactory.getLogger(AccessGuard.class);
    private static final String BEARER = "Bearer ";

    private final List<String> openPaths;
    private final byte[] adminToken;
    private final byte[] metricsToken;
    private final AntPathMatcher matcher = new AntPathMatcher();

    public AccessGuard(@Value("${meldeweg.security.open-paths:/webhooks/whatsapp,/actuator/health,/actuator/health/**}") List<String> openPaths,
                       @Value("${meldeweg.admin.token:}") String adminToken,
                       @Value("${meldeweg.security.metrics-token:}") String metricsToken) {
        this.openPaths = openPaths.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
        this.metricsToken = metricsToken.getBytes(StandardCharsets.UTF_8);
        if (this.adminToken.length == 0 && this.metricsToken.length == 0) {
            LOG.info("Neither meldeweg.admin.token nor meldeweg.security.metrics-token is set: only {} are open, everything else answers 401",
                    this.openPaths);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // The decoded, normalized path the servlet container routes by ("/actuator/health/../x" is "/x").
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (open(path) || allowed(path, request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"meldeweg\"");
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("Unauthorized");
    }

    boolean open(String path) {
        for (String pattern : openPaths) {
            if (pattern.equals(path) || matcher.match(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    boolean allowed(String path, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        if (presented.length == 0) {
            return false;
        }
        if (matches(adminToken, presented)) {
            return true;
        }
        return (path.equals("/actuator") || path.startsWith("/actuator/")) && matches(metricsToken, presented);
    }

    private static boolean matches(byte[] expected, byte[] presented) {
        return expected.length > 0 && MessageDigest.isEqual(expected, presented);
    }
}
