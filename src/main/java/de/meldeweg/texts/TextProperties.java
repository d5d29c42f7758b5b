package de.meldeweg.texts;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Texts to citizens ({@code meldeweg.texts.*}). Defaults in application.yaml; a wrong value stops the
 * start and names the setting.
 *
 * @param dir             folder of the texts, one subfolder per language (de, en, tr, ar, uk, ru)
 * @param defaultLanguage the language of a citizen whose language is not known, and the fallback for a missing file
 */
@Validated
@ConfigurationProperties("meldeweg.texts")
public record TextProperties(@NotBlank String dir, @NotBlank @Pattern(regexp = "[a-z]{2}", message = "must be a two-letter language code") String defaultLanguage) {
}
