package de.meldeweg.delivery;

import org.springframework.test.context.ContextConfiguration;

import de.meldeweg.support.EdgesContext;

@ContextConfiguration(initializers = EdgesContext.OnH2.class)
class LatePhotosOnH2Test extends LatePhotoScenarios {
}
