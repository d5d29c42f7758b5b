package de.meldeweg.replies;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class RepliesOnH2Test extends RepliesScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        repliesSetup(registry);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:replies;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
    }
}
