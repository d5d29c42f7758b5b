package de.meldeweg.whatsapp;

import org.springframework.test.context.ContextConfiguration;

import de.meldeweg.support.EdgesContext;

@ContextConfiguration(initializers = EdgesContext.OnH2.class)
class WhatsAppSendingOnH2Test extends WhatsAppSendingScenarios {
}
