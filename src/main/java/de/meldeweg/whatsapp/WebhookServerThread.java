package de.meldeweg.whatsapp;

import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * With {@code meldeweg.webhook.server-thread=true}: platform-http routes (the webhook, the admin API) run on the web server's thread that took the
 * request, not on the task executor: Camel's Spring Boot engine hands each request to its executor
 * and answers through an asynchronous dispatch back into the server, so a webhook waited for a
 * free CPU three times (server thread, executor thread, server thread again) besides its commit.
 * With a busy pipeline on two cores those hand-offs made most of the webhook's p99
 * (docs/performance-rounds.md, "Ninth round: the webhook's ack"). Run on the calling thread, the
 * returned future is complete when the server's thread gets it back, and the answer is written by
 * the same thread. At most {@code meldeweg.webhook.requests-in-flight} webhook requests are being
 * stored at once ({@link WebhookBodyLimit}), well below the server's {@code server.tomcat.threads.max}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "meldeweg.webhook.server-thread", havingValue = "true")
public class WebhookServerThread {

    /** Under the name Camel's platform-http component looks the engine up by. */
    @Bean(name = "platform-http-engine")
    public PlatformHttpEngine springBootPlatformHttpEngine(Environment environment) {
        return new SpringBootPlatformHttpEngine(environment.getProperty("server.port", Integer.class, 8080), Runnable::run);
    }
}
