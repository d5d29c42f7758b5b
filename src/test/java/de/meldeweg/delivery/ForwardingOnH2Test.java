package de.meldeweg.delivery;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;


class ForwardingOnH2Test extends ForwardingScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        mailAndCases(registry);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:forwarding;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
    }
}
