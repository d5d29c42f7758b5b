package de.meldeweg.whatsapp;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * {@code meldeweg.whatsapp.health.*}: how the Graph API's health is probed (route whatsapp-graph-probe).
 *
 * @param interval how often the probe asks the Graph API (a GET of our own number's id with the access token); the
 *                 overview and {@code /actuator/health} show the last answer, so page loads never call Meta
 * @param timeout  time to connect and to wait for the answer of one probe
 * @param firstDelay time from the start to the first probe
 */
@Validated
@ConfigurationProperties("meldeweg.whatsapp.health")
public record GraphHealthProperties(@NotNull @DefaultValue("PT1M") Duration interval, @NotNull @DefaultValue("PT5S") Duration timeout,
                                    @NotNull @DefaultValue("PT5S") Duration firstDelay) {

    public GraphHealthProperties {
        if (interval != null && interval.toMillis() < 100) {
            throw new IllegalArgumentException("meldeweg.whatsapp.health.interval must be at least 100ms, is " + interval);
        }
        if (timeout != null && timeout.toMillis() < 100) {
            throw new IllegalArgumentException("meldeweg.whatsapp.health.timeout must be at least 100ms, is " + timeout);
        }
    }
}
