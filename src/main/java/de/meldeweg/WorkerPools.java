package de.meldeweg;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Thread pools that routes name in a parallel {@code split} ({@code executorService}), as Camel
 * thread pool profiles:
 * <ul>
 * <li>{@value #DELIVERY_SENDERS} ({@code meldeweg.delivery.senders}, {@code delivery-send}): a mail
 * waits on the SMTP server and a ticket on the ticket system, so several in flight keep a stream
 * of reports moving where one at a time managed about 30 a second;</li>
 * <li>{@value #CASE_ENRICHERS} ({@code meldeweg.case.enrichers}, {@code case-assembly}): cases are
 * classified and forwarded side by side, each in its own transaction that waits for its commit.</li>
 * </ul>
 * Each claimed row or case is still handled by one thread only: the claims (leases,
 * {@code FOR UPDATE SKIP LOCKED}, the {@code state} guards) are unchanged. Profiles rather than
 * executor beans, because an {@code Executor} bean would replace Spring Boot's task executor that
 * platform-http runs the webhook on.
 */
@Configuration(proxyBeanMethods = false)
class WorkerPools {

    static final String DELIVERY_SENDERS = "deliverySenders";
    static final String CASE_ENRICHERS = "caseEnrichers";

    @Bean
    CamelContextConfiguration workerPoolProfiles(@Value("${meldeweg.delivery.senders:4}") int senders,
                                                 @Value("${meldeweg.case.enrichers:2}") int enrichers) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                register(camel, DELIVERY_SENDERS, senders);
                register(camel, CASE_ENRICHERS, enrichers);
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // nothing to do
            }
        };
    }

    private static void register(CamelContext camel, String id, int size) {
        int threads = Math.max(1, size);
        // Unbounded queue: no more than one claimed batch ever waits in it.
        camel.getExecutorServiceManager().registerThreadPoolProfile(new ThreadPoolProfileBuilder(id)
                .poolSize(threads).maxPoolSize(threads).maxQueueSize(-1).build());
    }
}
