package de.meldeweg.console;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.meldeweg.support.MeldewegTestBase;

/** The service without the dev profile, with the console's test accounts: one context shared by the statistics and simulator-absence tests. */
public abstract class PartTwoContext extends MeldewegTestBase {

    @DynamicPropertySource
    static void partTwo(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:console-part-two;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        ConsoleSession.accounts(registry);
    }
}
