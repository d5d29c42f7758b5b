package de.meldeweg.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Sign-in to the console ({@code meldeweg.console.*}): local accounts with bcrypt hashes, and how
 * the claims of the city's OpenID provider become roles. Defaults in application.yaml.
 *
 * @param accounts          local accounts; when any is configured, the generated development admin is not used
 * @param oidc              the role mapping for OpenID Connect sign-in
 * @param failedAttempts    failed sign-ins (form or bearer token) from one address before it is refused for a while
 * @param failedWindow      how long failed attempts are counted, and how long an address stays refused
 */
@Validated
@ConfigurationProperties("meldeweg.console")
public record SecurityProperties(@NotNull @Valid List<Account> accounts, @NotNull @Valid Oidc oidc,
                                 @Min(1) int failedAttempts, @NotNull Duration failedWindow) {

    /** A local account: {@code password-hash} is a bcrypt hash ({@code $2a$…}, optionally prefixed {@code {bcrypt}}). */
    public record Account(@NotBlank String username, @NotBlank String passwordHash, @NotNull ConsoleRole role) {
    }

    /**
     * @param rolesClaim the claim holding the user's groups or roles; a dotted path reaches into
     *                   objects ({@code realm_access.roles} for Keycloak realm roles, {@code roles} for Entra ID app roles)
     * @param roles      for each console role, the claim values (group names, role names) that grant it
     */
    public record Oidc(@NotBlank String rolesClaim, @NotNull Map<ConsoleRole, List<String>> roles) {
    }
}
