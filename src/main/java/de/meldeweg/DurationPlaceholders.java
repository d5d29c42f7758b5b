package de.meldeweg;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesFunction;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code {{millis:meldeweg.whatsapp.connect-timeout}}} in a route: a duration setting written with
 * its unit ({@code 10s}, {@code 500ms}, {@code PT5S}) as the milliseconds that Camel's endpoint
 * parameters (timer periods, HTTP timeouts) take. Camel itself reads {@code PT5S} there as 0 and
 * camel-http refuses {@code 10s}; settings keep their units, routes name the setting.
 * A setting that is missing or not a duration stops the start with its name.
 */
@Component
class DurationPlaceholders implements CamelContextConfiguration, PropertiesFunction {

    private final Environment environment;

    DurationPlaceholders(Environment environment) {
        this.environment = environment;
    }

    @Override
    public String getName() {
        return "millis";
    }

    @Override
    public String apply(String property) {
        String value = environment.getProperty(property.trim());
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Setting " + property.trim() + " is missing (a duration such as 10s or PT10S)");
        }
        try {
            Duration duration = DurationStyle.detectAndParse(value.trim());
            if (duration.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return Long.toString(duration.toMillis());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Setting " + property.trim() + " is not a duration such as 10s or PT10S: '"
                    + value + "'", e);
        }
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        camel.getPropertiesComponent().addPropertiesFunction(this);
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // nothing to do
    }
}
