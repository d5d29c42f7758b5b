package de.meldeweg.ops;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.meldeweg.support.Postgres;

class OperationsOnPostgresTest extends OperationsScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        tokens(registry);
        registry.add("spring.datasource.url", () -> Postgres.jdbcUrl("operations"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }
}
