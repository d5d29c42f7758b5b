package de.meldeweg.privacy;

import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.Scheduler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * camel-quartz on Spring Boot's Quartz scheduler ({@code spring.quartz.*}): clustered on the JDBC
 * job store in the application's database, in Spring's transactions, started and stopped with
 * the application. Without this, camel-quartz would build a second, in-memory scheduler of its own,
 * and every instance would run the purge.
 */
@Configuration(proxyBeanMethods = false)
class RetentionScheduling {

    @Bean("quartz")
    QuartzComponent quartz(Scheduler scheduler) {
        QuartzComponent quartz = new QuartzComponent();
        quartz.setScheduler(scheduler);
        return quartz;
    }
}
