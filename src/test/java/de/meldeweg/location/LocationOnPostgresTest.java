package de.meldeweg.location;

import org.springframework.test.context.ContextConfiguration;

import de.meldeweg.support.EdgesContext;

@ContextConfiguration(initializers = EdgesContext.OnPostgres.class)
class LocationOnPostgresTest extends LocationScenarios {
}
