package de.meldeweg.ops;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Runs {@link H2CrashRecovery} on the embedded H2 file (spring.datasource.url) once, before the
 * first data source is initialised, so that nothing (Flyway, Quartz, the routes) opens the file
 * before every commit it holds has been found. Does nothing for PostgreSQL or in-memory H2.
 */
@Component
public class H2CrashRecoveryOnStart implements BeanPostProcessor {

    private final Environment environment;
    private volatile boolean done;

    public H2CrashRecoveryOnStart(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource && !done) {
            synchronized (this) {
                if (!done) {
                    H2CrashRecovery.storeFile(environment.getProperty("spring.datasource.url"))
                            .ifPresent(H2CrashRecovery::recoverIfUnclean);
                    done = true;
                }
            }
        }
        return bean;
    }
}
