package de.meldeweg;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where staff reach the console ({@code meldeweg.console.base-url}): links in mails to staff (the review
 * mail) start with it. Its own record beside the console's sign-in settings ({@code security.SecurityProperties},
 * same prefix) because safety needs the address and the console depends on safety. Default in application.yaml.
 *
 * @param baseUrl the console's address as staff reach it, {@code http(s)://host[:port][/path]}
 */
@Validated
@ConfigurationProperties("meldeweg.console")
public record ConsoleProperties(@NotNull @Pattern(regexp = "https?://[^\\s/]+(/\\S*)?") String baseUrl) {

    /** The address without a trailing slash, so that paths can be appended. */
    public String link(String path) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + path;
    }
}
