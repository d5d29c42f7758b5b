package de.meldeweg.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.meldeweg.support.MeldewegTestBase;

/**
 * The service without the dev profile, with the console's test accounts and a copy of
 * {@code config/departments.yaml} the directory editor may write: one context shared by the
 * statistics, browser and simulator-absence tests.
 */
public abstract class PartTwoContext extends MeldewegTestBase {

    protected static final Path DIRECTORY = Path.of("target/console-part-two-" + UUID.randomUUID());

    @DynamicPropertySource
    static void partTwo(DynamicPropertyRegistry registry) throws IOException {
        if (!Files.exists(DIRECTORY.resolve("departments.yaml"))) {
            Files.createDirectories(DIRECTORY);
            Files.copy(Path.of("config/departments.yaml"), DIRECTORY.resolve("departments.yaml"));
        }
        registry.add("meldeweg.directory.dir", DIRECTORY::toString);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:console-part-two;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        ConsoleSession.accounts(registry);
    }
}
