package de.meldeweg.console;

import java.util.List;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerJwtAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * A real OpenID Connect provider for the console's sign-in test: Spring Authorization Server on
 * its own port, as a city's Keycloak or Entra ID would be. Its ID tokens carry a {@code groups}
 * claim: {@code amt-admin} is in {@code meldeweg-admin}, {@code fremd} only in a group the
 * console does not know. Reached as {@code localhost}; the console runs on {@code 127.0.0.1}, so
 * the two session cookies do not collide, and a loopback redirect URI may have any port. Not a
 * {@code @Configuration}, so the service's component scan does not pick it up.
 */
@ImportAutoConfiguration({TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
        SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class,
        OAuth2AuthorizationServerAutoConfiguration.class, OAuth2AuthorizationServerJwtAutoConfiguration.class})
class CityIdentityProvider {

    static final String CLIENT_ID = "meldeweg-konsole";
    static final String CLIENT_SECRET = "konsole-secret-0123456789";
    static final String PASSWORD = "Rathaus-2026!";
    private static final Map<String, List<String>> GROUPS = Map.of("amt-admin", List.of("meldeweg-admin", "alle"), "fremd", List.of("alle"));

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(GROUPS.keySet().stream()
                .map(name -> User.withUsername(name).password("{noop}" + PASSWORD).roles("USER").build()).toList());
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> groupsClaim() {
        return context -> {
            if ("id_token".equals(context.getTokenType().getValue())) {
                context.getClaims().claim("groups", GROUPS.getOrDefault(context.getPrincipal().getName(), List.of()));
            }
        };
    }

    /** Starts the provider; its issuer is {@code http://localhost:<port>}. */
    static ConfigurableApplicationContext start() {
        String client = "spring.security.oauth2.authorizationserver.client.konsole.";
        return new SpringApplicationBuilder(CityIdentityProvider.class).web(WebApplicationType.SERVLET).run(
                "--spring.config.name=city-identity-provider", "--server.port=0", "--spring.main.banner-mode=off",
                "--" + client + "registration.client-id=" + CLIENT_ID,
                "--" + client + "registration.client-secret={noop}" + CLIENT_SECRET,
                "--" + client + "registration.client-authentication-methods=client_secret_basic",
                "--" + client + "registration.authorization-grant-types=authorization_code",
                "--" + client + "registration.redirect-uris=http://127.0.0.1/login/oauth2/code/stadt",
                "--" + client + "registration.scopes=openid,profile",
                "--" + client + "require-authorization-consent=false");
    }

    static String issuer(ConfigurableApplicationContext provider) {
        return "http://localhost:" + ((WebServerApplicationContext) provider).getWebServer().getPort();
    }
}
