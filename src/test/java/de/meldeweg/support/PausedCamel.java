package de.meldeweg.support;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextPausedEvent;
import org.springframework.context.event.ContextRestartedEvent;
import org.springframework.context.event.ContextStoppedEvent;

/**
 * A cached test context's routes rest while other test classes run. Spring's test context cache
 * pauses a context when the next test class needs another one and restarts it when a class needs it
 * again; the pause stops the Quartz scheduler and every other {@code SmartLifecycle} bean, but not the
 * Camel context (a plain {@code Lifecycle}), whose timers would go on polling the idle context's
 * database (intake every 50 ms, deliveries every 200 ms, ...) and take CPU from the running test. Here
 * the routes are suspended with the pause and resumed with the restart, so that many contexts can stay
 * cached ({@code spring.test.context.cache.maxSize} in {@code src/test/resources/spring.properties})
 * without a cost to the others. Routes a test stopped stay stopped; the service itself is unchanged.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PausedCamel {

    private static final Logger LOG = LoggerFactory.getLogger(PausedCamel.class);

    @Bean
    ApplicationListener<ContextStoppedEvent> camelPausedWithTheTestContext(CamelContext camel) {
        return event -> {
            if (event instanceof ContextPausedEvent && camel.isStarted()) {
                camel.suspend();
                LOG.info("Test context paused: Camel routes suspended");
            }
        };
    }

    @Bean
    ApplicationListener<ContextRestartedEvent> camelResumedWithTheTestContext(CamelContext camel) {
        return event -> {
            if (camel.isSuspended()) {
                camel.resume();
                LOG.info("Test context restarted: Camel routes resumed");
            }
        };
    }
}
