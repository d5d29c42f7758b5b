package de.meldeweg.location;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.meldeweg.support.Postgres;

class LocationOnPostgresTest extends LocationScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        edges(registry);
        registry.add("spring.datasource.url", () -> Postgres.jdbcUrl("location"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }
}
