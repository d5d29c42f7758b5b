package de.meldeweg.security;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Three doors, each its own filter chain:
 * <ol>
 * <li>the open paths ({@code meldeweg.security.open-paths}: the WhatsApp webhook, whose signature the
 * route checks, and the health probes): nothing to check, no session;</li>
 * <li>the console ({@code /console/**}): signed in with a session (local accounts, and OpenID Connect
 * when a client registration is configured), CSRF tokens on every form, roles per page;</li>
 * <li>everything else (the admin API, the metrics): a bearer token per role, no session, closed by default.</li>
 * </ol>
 */
@Configuration
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

    public static final String LOGIN_PAGE = "/console/login";

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_REVIEW\nROLE_REVIEW > ROLE_VIEWER");
    }

    /** A path the firewall refuses ("/webhooks//whatsapp", encoded slashes): there is no such page. */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return new HttpStatusRequestRejectedHandler(HttpServletResponse.SC_NOT_FOUND);
    }

    @Bean
    @Order(1)
    SecurityFilterChain openPaths(HttpSecurity http, AccessGuard guard) throws Exception {
        http.securityMatcher(request -> guard.open(AccessGuard.path(request)))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .securityContext(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .anonymous(AbstractHttpConfigurer::disable)
                .headers(AbstractHttpConfigurer::disable);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain console(HttpSecurity http, LocalAccounts accounts, PasswordEncoder encoder, FailedAttempts attempts, AuditLog audit,
                                SecurityProperties properties, ObjectProvider<ClientRegistrationRepository> oidc,
                                ObjectProvider<ServerProperties> server)
            throws Exception {
        String sessionCookie = sessionCookieName(server.getIfAvailable());
        DaoAuthenticationProvider local = new DaoAuthenticationProvider(accounts);
        local.setPasswordEncoder(encoder);
        http.securityMatcher("/console", "/console/**", "/webjars/**", "/oauth2/**", "/login/oauth2/**")
                .authenticationProvider(new ThrottledSignIn(local, attempts))
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/webjars/**", "/console/assets/**", LOGIN_PAGE, "/console/denied").permitAll()
                        // the simulator's Graph API stand-in (dev profile only; its own bearer token): called by the service, not a person
                        .requestMatchers("/console/simulator/graph/**").permitAll()
                        .requestMatchers("/console/review/**").hasRole(ConsoleRole.REVIEW.name())
                        .requestMatchers("/console/directory", "/console/directory/**").hasRole(ConsoleRole.ADMIN.name())
                        .requestMatchers("/console/dead-letters/**", "/console/erasures/**", "/console/routes/**", "/console/audit/**")
                        .hasRole(ConsoleRole.ADMIN.name())
                        .requestMatchers(HttpMethod.POST, "/console/cases/**").hasRole(ConsoleRole.ADMIN.name())
                        .anyRequest().hasRole(ConsoleRole.VIEWER.name()))
                .formLogin(f -> f.loginPage(LOGIN_PAGE).successHandler(signedIn(attempts, audit)).failureHandler(refused(attempts, audit)))
                .logout(l -> l.logoutUrl("/console/logout").logoutSuccessUrl(LOGIN_PAGE + "?logout").deleteCookies(sessionCookie))
                .requestCache(c -> c.requestCache(savedPages()))
                .exceptionHandling(e -> e.accessDeniedHandler(new ConsoleSessionEnded.Denied("/console/denied"))
                        .authenticationEntryPoint(new ConsoleSessionEnded.SignInFirst(LOGIN_PAGE)))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId())
                        .invalidSessionStrategy(new ConsoleSessionEnded.Expired(LOGIN_PAGE + "?expired")))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        if (oidc.getIfAvailable() != null) {
            OidcRoles roles = new OidcRoles(properties.oidc());
            http.oauth2Login(o -> o.loginPage(LOGIN_PAGE).userInfoEndpoint(u -> u.oidcUserService(roles))
                    .successHandler(signedIn(attempts, audit)).failureHandler(refused(attempts, audit)));
        }
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain bearerTokens(HttpSecurity http, AccessGuard guard, FailedAttempts attempts, AuditLog audit) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/admin/review", "/admin/review/**", "/admin/explain").hasRole(ConsoleRole.REVIEW.name())
                        .requestMatchers(HttpMethod.GET, "/admin/dead-letters").hasRole(ConsoleRole.VIEWER.name())
                        .requestMatchers("/actuator", "/actuator/**").hasAnyRole(ConsoleRole.ADMIN.name(), AccessGuard.METRICS)
                        .anyRequest().hasRole(ConsoleRole.ADMIN.name()))
                .addFilterBefore(new BearerTokens(guard, attempts, audit), AuthorizationFilter.class)
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .anonymous(AbstractHttpConfigurer::disable)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> BearerTokens.unauthorized(response))
                        .accessDeniedHandler((request, response, ex) -> response.sendError(HttpServletResponse.SC_FORBIDDEN)));
        return http.build();
    }

    /**
     * The page asked for before sign-in is opened after it, without Spring's "?continue" in the address
     * bar; a self-refresh that ran into the sign-in is not remembered (signing in would show its bare fragment).
     */
    private static org.springframework.security.web.savedrequest.HttpSessionRequestCache savedPages() {
        org.springframework.security.web.savedrequest.HttpSessionRequestCache cache = new org.springframework.security.web.savedrequest.HttpSessionRequestCache();
        cache.setMatchingRequestParameterName(null);
        // only a page is worth returning to: not the overview's htmx poll (a fragment), not a form's POST
        cache.setRequestMatcher(request -> "GET".equals(request.getMethod()) && !ConsoleSessionEnded.fromHtmx(request));
        return cache;
    }

    private static AuthenticationSuccessHandler signedIn(FailedAttempts attempts, AuditLog audit) {
        SavedRequestAwareAuthenticationSuccessHandler redirect = new SavedRequestAwareAuthenticationSuccessHandler();
        redirect.setDefaultTargetUrl("/console");
        return (HttpServletRequest request, HttpServletResponse response, Authentication authentication) -> {
            attempts.succeeded(request.getRemoteAddr());
            audit.record(authentication, "ANMELDUNG", null, null);
            redirect.onAuthenticationSuccess(request, response, authentication);
        };
    }

    private static AuthenticationFailureHandler refused(FailedAttempts attempts, AuditLog audit) {
        return (HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) -> {
            attempts.failed(request.getRemoteAddr());
            String name = request.getParameter("username");
            audit.record(name == null || name.isBlank() ? "?" : name, null, "ANMELDUNG_ABGELEHNT", null,
                    exception.getClass().getSimpleName());
            String reason = exception instanceof LockedException ? "locked" : "error";
            redirect(response, request.getContextPath() + LOGIN_PAGE + "?" + reason);
        };
    }

    private static void redirect(HttpServletResponse response, String url) throws IOException {
        response.sendRedirect(url);
    }

    /** The console's session cookie as Spring Boot names it ({@code server.servlet.session.cookie.name}, else the servlet default). */
    static String sessionCookieName(ServerProperties server) {
        String name = server == null ? null : server.getServlet().getSession().getCookie().getName();
        return name == null || name.isBlank() ? "JSESSIONID" : name;
    }
}
