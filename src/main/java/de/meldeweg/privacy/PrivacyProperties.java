package de.meldeweg.privacy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code meldeweg.privacy.*}. Default in application.yaml.
 *
 * @param maskContacts e-mail addresses and phone numbers a citizen writes into a report are replaced by
 *                     "[E-Mail-Adresse entfernt]" / "[Telefonnummer entfernt]" before the report is forwarded
 */
@Validated
@ConfigurationProperties("meldeweg.privacy")
public record PrivacyProperties(boolean maskContacts) {
}
