package de.meldeweg.delivery;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class LatePhotosOnH2Test extends LatePhotoScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        latePhotos(registry);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:late-photos;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
    }
}
