package de.meldeweg.security;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The admin API's sign-in: a bearer token becomes its role for this request (no session). A wrong
 * token answers 401 and counts as a failed attempt of the caller's address; an address with too
 * many is answered 429 until its window has passed. Every change made through the API (any method
 * but GET/HEAD) and every look-up by phone number is written to the audit log. Not a bean, so the
 * servlet container does not run it outside the filter chain.
 */
class BearerTokens extends OncePerRequestFilter {

    private static final Pattern REFERENCE = Pattern.compile("[A-Z]{1,5}-\\d{4}-\\d{1,9}");
    private final AccessGuard guard;
    private final FailedAttempts attempts;
    private final AuditLog audit;

    BearerTokens(AccessGuard guard, FailedAttempts attempts, AuditLog audit) {
        this.guard = guard;
        this.attempts = attempts;
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        if (!AccessGuard.bearer(authorization)) {
            chain.doFilter(request, response);
            return;
        }
        String address = request.getRemoteAddr();
        String path = AccessGuard.path(request);
        if (attempts.refused(address)) {
            response.setStatus(429);
            response.setHeader("Retry-After", "900");
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("Too many failed attempts");
            return;
        }
        Optional<String> role = guard.role(path, authorization);
        if (role.isEmpty()) {
            attempts.failed(address);
            audit.record("Token ?", null, "ANMELDUNG_ABGELEHNT", null, request.getMethod() + " " + path);
            unauthorized(response);
            return;
        }
        attempts.succeeded(address);
        String actor = "Token " + role.get();
        SecurityContextHolder.getContext().setAuthentication(new PreAuthenticatedAuthenticationToken(actor, "n/a",
                List.of(new SimpleGrantedAuthority("ROLE_" + role.get()))));
        // Everything the audit needs is read from the request before the chain: platform-http
        // answers asynchronously, and Tomcat's request is not to be read from two threads at once
        // (a parameter read here while Camel reads them made the route see none: HTTP 400).
        boolean change = !request.getMethod().equals("GET") && !request.getMethod().equals("HEAD");
        boolean lookup = request.getParameter("phone") != null;
        boolean audited = (change || lookup) && !path.startsWith("/actuator");
        String action = "API " + request.getMethod() + " " + path.replaceAll("/[A-Z]{1,5}-\\d{4}-\\d{1,9}", "/{reference}");
        String reference = audited ? reference(request) : null;
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
        if (!audited) {
            return;
        }
        Runnable record = () -> audit.record(actor, role.get(), action, reference,
                (lookup ? "Suche nach Telefonnummer; " : "") + "HTTP " + response.getStatus());
        if (request.isAsyncStarted()) {
            // The answer is written when the route is done: audit its status then.
            request.getAsyncContext().addListener(new jakarta.servlet.AsyncListener() {
                @Override
                public void onComplete(jakarta.servlet.AsyncEvent event) {
                    record.run();
                }

                @Override
                public void onTimeout(jakarta.servlet.AsyncEvent event) {
                }

                @Override
                public void onError(jakarta.servlet.AsyncEvent event) {
                }

                @Override
                public void onStartAsync(jakarta.servlet.AsyncEvent event) {
                }
            });
        } else {
            record.run();
        }
    }

    static void unauthorized(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"meldeweg\"");
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("Unauthorized");
    }

    private static String reference(HttpServletRequest request) {
        for (String candidate : new String[] {request.getParameter("release"), request.getParameter("discard"), AccessGuard.path(request)}) {
            if (candidate != null) {
                Matcher m = REFERENCE.matcher(candidate);
                if (m.find()) {
                    return m.group();
                }
            }
        }
        return null;
    }
}
