package de.meldeweg.security;

import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Which paths are open and who may read the metrics ({@code meldeweg.security.*}). Defaults in
 * application.yaml; a wrong value stops the start and names the setting.
 *
 * @param openPaths    paths (Ant patterns) anyone may call: the webhook (signed) and the health probes
 * @param metricsToken bearer token of {@code /actuator/prometheus}; empty: only an admin token reads the metrics
 */
@Validated
@ConfigurationProperties("meldeweg.security")
public record AccessProperties(@NotNull List<String> openPaths, String metricsToken) {

    public AccessProperties {
        metricsToken = metricsToken == null ? "" : metricsToken;
    }
}
