package de.meldeweg.delivery;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The threads that send claimed deliveries ({@code delivery-send}'s split, thread pool profile
 * {@value #PROFILE}): a mail waits on the SMTP server and a ticket on the ticket system, so several
 * in flight at once keep a stream of reports moving where one at a time managed about 30 a
 * second. Each claimed row is still sent by one thread only; the claim (lease,
 * {@code FOR UPDATE SKIP LOCKED}) is unchanged. A Camel profile rather than an executor bean:
 * an {@code Executor} bean would replace Spring Boot's task executor that platform-http runs on.
 */
@Configuration(proxyBeanMethods = false)
class DeliverySendersConfiguration {

    static final String PROFILE = "deliverySenders";

    @Bean
    CamelContextConfiguration deliverySendersProfile(@Value("${meldeweg.delivery.senders:4}") int senders) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                int threads = Math.max(1, senders);
                // Unbounded queue: no more than one claimed batch ever waits in it.
                camel.getExecutorServiceManager().registerThreadPoolProfile(new ThreadPoolProfileBuilder(PROFILE)
                        .poolSize(threads).maxPoolSize(threads).maxQueueSize(-1).build());
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // nothing to do
            }
        };
    }
}
