package de.meldeweg.privacy;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.meldeweg.support.Postgres;

class RetentionOnPostgresTest extends RetentionScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        settings(registry);
        registry.add("spring.datasource.url", () -> Postgres.jdbcUrl("retention"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }
}
