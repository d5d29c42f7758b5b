package de.meldeweg.delivery;

import org.springframework.test.context.ContextConfiguration;

import de.meldeweg.support.EdgesContext;

@ContextConfiguration(initializers = EdgesContext.OnPostgres.class)
class ForwardingOnPostgresTest extends ForwardingScenarios {
}
