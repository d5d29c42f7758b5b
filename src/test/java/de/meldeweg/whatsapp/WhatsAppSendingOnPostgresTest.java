package de.meldeweg.whatsapp;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.meldeweg.support.Postgres;

class WhatsAppSendingOnPostgresTest extends WhatsAppSendingScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        graphApi(registry);
        registry.add("spring.datasource.url", () -> Postgres.jdbcUrl("sending"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }
}
