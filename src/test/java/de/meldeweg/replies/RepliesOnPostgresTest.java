package de.meldeweg.replies;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.meldeweg.support.Postgres;

class RepliesOnPostgresTest extends RepliesScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        repliesSetup(registry);
        registry.add("spring.datasource.url", () -> Postgres.jdbcUrl("replies"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }
}
