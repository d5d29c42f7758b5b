package de.meldeweg;

import java.time.Clock;
import java.time.ZoneId;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class MeldewegConfiguration {

    /** One clock for all time decisions, so tests can control the 24-hour window and "today". */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The one JSON mapper (Jackson 2): the modules on the classpath (java.time and others) are looked up
     * once here, not by every class that reads or writes JSON.
     */
    /**
     * A mapper for command-line tools and tests that run without the service. In the service every
     * feature takes Spring Boot's one {@code JsonMapper} (Jackson 3, {@code spring.jackson.*} settings)
     * by constructor; there is no second Jackson on the class path.
     */
    public static ObjectMapper jsonMapper() {
        return JsonMapper.builder().build();
    }

    /** The city's time zone ({@code meldeweg.time-zone}), the one zone every feature takes by type. */
    @Bean
    ZoneId cityZone(MeldewegProperties meldeweg) {
        return meldeweg.timeZone();
    }
}
