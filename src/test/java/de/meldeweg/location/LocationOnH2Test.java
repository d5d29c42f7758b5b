package de.meldeweg.location;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class LocationOnH2Test extends LocationScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        edges(registry);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:location;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
    }
}
