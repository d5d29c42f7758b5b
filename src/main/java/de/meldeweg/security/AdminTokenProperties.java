package de.meldeweg.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The admin API's bearer tokens, one per role ({@code meldeweg.admin.*}); empty: the role has no token.
 * Defaults (empty) in application.yaml.
 *
 * @param token       token of the ADMIN role (at least 16 characters)
 * @param reviewToken token of the REVIEW role, the complaint office (at least 16 characters)
 * @param viewerToken token of the VIEWER role, read only (at least 16 characters)
 */
@Validated
@ConfigurationProperties("meldeweg.admin")
public record AdminTokenProperties(String token, String reviewToken, String viewerToken) {

    public AdminTokenProperties {
        token = token == null ? "" : token;
        reviewToken = reviewToken == null ? "" : reviewToken;
        viewerToken = viewerToken == null ? "" : viewerToken;
    }
}
