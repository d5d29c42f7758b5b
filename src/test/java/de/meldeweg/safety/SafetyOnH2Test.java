package de.meldeweg.safety;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class SafetyOnH2Test extends SafetyScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        edges(registry);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:safety;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
    }
}
