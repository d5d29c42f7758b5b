package de.meldeweg.privacy;

import org.springframework.test.context.ContextConfiguration;

import de.meldeweg.support.PipelineContext;

/** The retention scenarios on PostgreSQL, in the context it shares with the other pipeline scenarios. */
@ContextConfiguration(initializers = PipelineContext.OnPostgres.class)
class RetentionOnPostgresTest extends RetentionScenarios {
}
