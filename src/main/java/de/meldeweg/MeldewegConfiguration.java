package de.meldeweg;

import java.time.Clock;
import java.time.ZoneId;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

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
    @Bean
    ObjectMapper json() {
        return jsonMapper();
    }

    /** The mapper's one definition: the bean above, and command-line tools that run without the service. */
    public static ObjectMapper jsonMapper() {
        return JsonMapper.builder().findAndAddModules().build();
    }

    /** The city's time zone ({@code meldeweg.time-zone}), the one zone every feature takes by type. */
    @Bean
    ZoneId cityZone(MeldewegProperties meldeweg) {
        return meldeweg.timeZone();
    }
}
