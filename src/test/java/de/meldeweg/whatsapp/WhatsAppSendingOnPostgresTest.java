package de.meldeweg.whatsapp;

import org.springframework.test.context.ContextConfiguration;

import de.meldeweg.support.EdgesContext;

@ContextConfiguration(initializers = EdgesContext.OnPostgres.class)
class WhatsAppSendingOnPostgresTest extends WhatsAppSendingScenarios {
}
