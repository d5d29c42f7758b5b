package de.meldeweg.privacy;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class RetentionOnH2Test extends RetentionScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        settings(registry);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:retention;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
    }
}
