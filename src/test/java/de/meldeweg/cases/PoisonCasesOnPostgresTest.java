package de.meldeweg.cases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.meldeweg.support.Postgres;

class PoisonCasesOnPostgresTest extends PoisonCaseScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        poisonSettings(registry);
        registry.add("spring.datasource.url", () -> Postgres.jdbcUrl("poison"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }
}
