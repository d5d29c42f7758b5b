package de.meldeweg.delivery;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.meldeweg.support.Postgres;

class ForwardingOnPostgresTest extends ForwardingScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        mailAndCases(registry);
        registry.add("spring.datasource.url", () -> Postgres.jdbcUrl("forwarding"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }
}
