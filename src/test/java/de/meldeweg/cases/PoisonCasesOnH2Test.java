package de.meldeweg.cases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class PoisonCasesOnH2Test extends PoisonCaseScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        poisonSettings(registry);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:poison;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
    }
}
