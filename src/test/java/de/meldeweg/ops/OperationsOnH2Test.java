package de.meldeweg.ops;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class OperationsOnH2Test extends OperationsScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        tokens(registry);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:operations;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
    }
}
