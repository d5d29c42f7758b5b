package de.meldeweg.console.simulator;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import de.meldeweg.EmbeddedMode;

/**
 * Outside the development mode the citizen simulator does not exist: its pages are not even
 * registered ({@link SimulatorPages} is a dev-profile bean), and this filter answers 404 for its
 * paths before sign-in, so that nobody can tell from a redirect to the login page that it might.
 */
@Configuration
@Profile("!" + EmbeddedMode.PROFILE)
public class SimulatorAbsent {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> simulatorAbsentFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                if (path.equals("/console/simulator") || path.startsWith("/console/simulator/")) {
                    response.sendError(HttpServletResponse.SC_NOT_FOUND);
                    return;
                }
                chain.doFilter(request, response);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/console/*");
        return registration;
    }
}
