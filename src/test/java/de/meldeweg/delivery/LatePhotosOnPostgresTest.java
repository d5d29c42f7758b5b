package de.meldeweg.delivery;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.meldeweg.support.Postgres;

class LatePhotosOnPostgresTest extends LatePhotoScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        latePhotos(registry);
        registry.add("spring.datasource.url", () -> Postgres.jdbcUrl("late_photos"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }
}
