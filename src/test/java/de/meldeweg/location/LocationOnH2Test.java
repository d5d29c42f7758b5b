package de.meldeweg.location;

import org.springframework.test.context.ContextConfiguration;

import de.meldeweg.support.EdgesContext;

@ContextConfiguration(initializers = EdgesContext.OnH2.class)
class LocationOnH2Test extends LocationScenarios {
}
