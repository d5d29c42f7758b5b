package de.meldeweg.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * One Spring context for the scenario classes that need the pipeline's short timers and no outside
 * system (no SMTP server, ticket system or Graph API: mails and messages go into the outbox folder).
 * A class that extends this and declares no property source of its own reuses the context another such
 * class started in the same test JVM (Spring's context cache key is the configuration, and here it is the
 * same); the settings below are the union of what those classes need. Its PostgreSQL twin adds
 * {@code @ContextConfiguration(initializers = PipelineContext.OnPostgres.class)} and shares the same way.
 * Every test starts from empty tables ({@link MeldewegTestBase}); a class that changes a bean's state
 * for good must put it back after itself.
 */
@TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:pipeline;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE",
        "meldeweg.case.grouping-window=PT1S",
        "meldeweg.case.assembly-interval=200",
        "meldeweg.delivery.interval=200",
        "meldeweg.case.max-attempts=" + PipelineContext.CASE_MAX_ATTEMPTS,
        "meldeweg.case.retry-initial=PT1S",
        // the poison cases' long report is 25 messages; that is no flood here
        "meldeweg.safety.flood-messages=100",
        // small purge batches, so that the retention tests also cross batch boundaries
        "meldeweg.retention.batch-size=3",
        "meldeweg.admin.token=" + PipelineContext.ADMIN_TOKEN
})
public abstract class PipelineContext extends MeldewegTestBase {

    public static final String ADMIN_TOKEN = "pipeline-admin-token";
    public static final int CASE_MAX_ATTEMPTS = 3;

    /** The same context on the embedded PostgreSQL (one database, {@code pipeline}, for all its classes). */
    public static final class OnPostgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of("spring.datasource.url=" + Postgres.jdbcUrl("pipeline"), "spring.datasource.username=postgres",
                    "spring.datasource.password=postgres").applyTo(context);
        }
    }
}
