package de.meldeweg.cases;

import org.springframework.test.context.ContextConfiguration;

import de.meldeweg.support.PipelineContext;

/** The poison case scenarios on PostgreSQL, in the context it shares with the other pipeline scenarios. */
@ContextConfiguration(initializers = PipelineContext.OnPostgres.class)
class PoisonCasesOnPostgresTest extends PoisonCaseScenarios {
}
