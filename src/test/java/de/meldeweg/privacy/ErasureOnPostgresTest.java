package de.meldeweg.privacy;

import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.meldeweg.support.Postgres;

class ErasureOnPostgresTest extends ErasureScenarios {

    static final Path OUTBOX = Path.of("target/erasure-outbox-postgres");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        edges(registry, OUTBOX.toString());
        registry.add("spring.datasource.url", () -> Postgres.jdbcUrl("erasure"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    @Override
    Path outbox() {
        return OUTBOX;
    }
}
