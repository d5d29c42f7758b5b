package de.meldeweg.whatsapp;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;


class WhatsAppSendingOnH2Test extends WhatsAppSendingScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        graphApi(registry);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:sending;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
    }
}
