package de.meldeweg.support;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import de.meldeweg.MeldewegApplication;

/**
 * Whole service instances started by a test itself (several at once, or one after another on the
 * same database), on PostgreSQL, with the test secrets of {@link Fixtures}.
 */
public final class ServiceInstances {

    private ServiceInstances() {
    }

    /** The settings every such instance needs; the test adds its edges (SMTP, ticket system, ...). */
    public static Map<String, Object> onPostgres(String database, int graphPort) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", database);
        p.put("spring.datasource.username", "postgres");
        p.put("spring.datasource.password", "postgres");
        p.put("server.port", "0");
        p.put("server.shutdown", "immediate");
        // One CamelContext name for all instances, as in production (one per JVM): Quartz finds a
        // job's context by it. JMX would rename the second one in this JVM.
        p.put("camel.main.jmx-enabled", "false");
        p.put("camel.main.shutdown-timeout", "5");
        p.put("meldeweg.whatsapp.app-secret", Fixtures.APP_SECRET);
        p.put("meldeweg.whatsapp.phone-number-id", Fixtures.PHONE_NUMBER_ID);
        p.put("meldeweg.whatsapp.api-base-url", "http://127.0.0.1:" + graphPort + "/v23.0");
        p.put("meldeweg.whatsapp.access-token", "EAAGtest-token");
        p.put("meldeweg.whatsapp.send-interval", "100");
        p.put("meldeweg.crypto.key", Fixtures.CRYPTO_KEY);
        p.put("meldeweg.crypto.hash-key", Fixtures.HASH_KEY);
        p.put("meldeweg.case.assembly-interval", "100");
        p.put("meldeweg.delivery.interval", "100");
        p.put("meldeweg.templates-dir", "config/templates");
        return p;
    }

    /** Starts the service with these settings as command-line arguments: they outrank ./config/application.yaml, as in production. */
    public static ConfigurableApplicationContext start(Map<String, Object> settings) {
        String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(MeldewegApplication.class).run(args);
    }
}
