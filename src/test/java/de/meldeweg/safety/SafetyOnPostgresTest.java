package de.meldeweg.safety;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.meldeweg.support.Postgres;

class SafetyOnPostgresTest extends SafetyScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        edges(registry);
        registry.add("spring.datasource.url", () -> Postgres.jdbcUrl("safety"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }
}
