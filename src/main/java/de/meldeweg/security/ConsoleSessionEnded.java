package de.meldeweg.security;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.session.InvalidSessionStrategy;

/**
 * What a clerk sees when the console's session has ended (idle timeout, a restart of the service):
 * the sign-in page saying so ("Ihre Sitzung ist abgelaufen"), not the page "Kein Zugriff" that a form
 * sent with the ended session's CSRF token would otherwise get, and not a sign-in form swapped into
 * the self-refreshing overview panel: an htmx request is told to load the sign-in page as a whole
 * ({@code HX-Redirect}).
 */
final class ConsoleSessionEnded {

    private ConsoleSessionEnded() {
    }

    static boolean fromHtmx(HttpServletRequest request) {
        return "true".equals(request.getHeader("HX-Request"));
    }

    static void toPage(HttpServletRequest request, HttpServletResponse response, String page) throws IOException {
        String url = request.getContextPath() + page;
        if (fromHtmx(request)) {
            response.setHeader("HX-Redirect", url);
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        } else {
            response.sendRedirect(url);
        }
    }

    /** A request with the id of a session that no longer exists. */
    static final class Expired implements InvalidSessionStrategy {
        private final String page;

        Expired(String page) {
            this.page = page;
        }

        @Override
        public void onInvalidSessionDetected(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (path.equals(SecurityConfiguration.LOGIN_PAGE) || path.startsWith("/webjars/") || path.startsWith("/console/assets/")) {
                // the sign-in page and its assets open as they are (a new session starts with the sign-in)
                request.getSession(true);
                response.sendRedirect(request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
                return;
            }
            request.getSession(true);
            toPage(request, response, page);
        }
    }

    /** No session at all: the sign-in page (for htmx, as a whole page). */
    static final class SignInFirst implements AuthenticationEntryPoint {
        private final LoginUrlAuthenticationEntryPoint page;
        private final String login;

        SignInFirst(String login) {
            this.login = login;
            this.page = new LoginUrlAuthenticationEntryPoint(login);
        }

        @Override
        public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException, ServletException {
            if (fromHtmx(request)) {
                toPage(request, response, login + "?expired");
            } else {
                page.commence(request, response, e);
            }
        }
    }

    /**
     * A refused page or action: "Kein Zugriff", unless the form's CSRF token did not match the session
     * (the session ended while the form was open), which is the sign-in page saying the session ended.
     */
    static final class Denied implements AccessDeniedHandler {
        private final AccessDeniedHandlerImpl page = new AccessDeniedHandlerImpl();

        Denied(String errorPage) {
            page.setErrorPage(errorPage);
        }

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException, ServletException {
            if (e instanceof CsrfException) {
                toPage(request, response, SecurityConfiguration.LOGIN_PAGE + "?expired");
            } else {
                page.handle(request, response, e);
            }
        }
    }
}
