package de.meldeweg.privacy;

import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class ErasureOnH2Test extends ErasureScenarios {

    static final Path OUTBOX = Path.of("target/erasure-outbox-h2");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        edges(registry, OUTBOX.toString());
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:erasure;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Override
    Path outbox() {
        return OUTBOX;
    }
}
