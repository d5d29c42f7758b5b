package de.meldeweg.texts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import de.meldeweg.language.CitizenLanguages;
import de.meldeweg.language.Languages;
import de.meldeweg.MeldewegProperties;

/**
 * The texts citizens and departments read. Read on every use, so an admin's edit counts from the
 * next message.
 *
 * <p>Texts to citizens ({@code whatsapp/<file>}) come from {@code meldeweg.texts.dir}
 * ({@code config/texts/<language>/<file>}): in the citizen's language when the text exists there,
 * otherwise in {@code meldeweg.texts.default-language} (German), otherwise from the folder they
 * lived in before, {@code <meldeweg.templates-dir>/whatsapp/}. Texts to departments
 * ({@code mail/...}, {@code tickets/...}) come from {@code meldeweg.templates-dir} and stay German.
 */
@Component
public class CitizenTexts {

    public static final String UNSUPPORTED_HINT = "whatsapp/unsupported-hint.txt";
    public static final String RECEIPT = "whatsapp/receipt.txt";
    public static final String PRIVACY_NOTICE = "whatsapp/privacy-notice.txt";
    public static final String EMERGENCY = "whatsapp/emergency.txt";
    private static final String CITIZEN_PREFIX = "whatsapp/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z]+)}}");

    private final Path directory;
    private final Path texts;
    private final String defaultLanguage;
    private final CitizenLanguages languages;

    public CitizenTexts(MeldewegProperties meldeweg, TextProperties texts, CitizenLanguages languages) {
        this.directory = Path.of(meldeweg.templatesDir());
        this.texts = Path.of(texts.dir());
        this.defaultLanguage = texts.defaultLanguage();
        this.languages = languages;
        require(UNSUPPORTED_HINT);
        require(RECEIPT);
        require(PRIVACY_NOTICE);
        // Whatever language a citizen writes in, the emergency reply must name both numbers.
        for (String language : Languages.SUPPORTED) {
            Path file = this.texts.resolve(language).resolve(EMERGENCY.substring(CITIZEN_PREFIX.length()));
            if (Files.isRegularFile(file)) {
                String reply = read(file);
                if (!reply.contains("110") || !reply.contains("112")) {
                    throw new IllegalStateException("The emergency reply " + file.toAbsolutePath() + " must name 110 and 112");
                }
            }
        }
    }

    private void require(String name) {
        if (resolve(defaultLanguage, name).isEmpty()) {
            throw new IllegalStateException("Citizen text " + texts.resolve(defaultLanguage).resolve(name.substring(CITIZEN_PREFIX.length()))
                    .toAbsolutePath() + " is missing (meldeweg.texts.dir)");
        }
    }

    /** Where a text is, in this language or the fallbacks; empty when it is nowhere. */
    private Optional<Path> resolve(String language, String name) {
        if (name.startsWith(CITIZEN_PREFIX)) {
            String file = name.substring(CITIZEN_PREFIX.length());
            if (language != null && Languages.SUPPORTED.contains(language)) {
                Path translated = texts.resolve(language).resolve(file);
                if (Files.isRegularFile(translated)) {
                    return Optional.of(translated);
                }
            }
            Path fallback = texts.resolve(defaultLanguage).resolve(file);
            if (Files.isRegularFile(fallback)) {
                return Optional.of(fallback);
            }
        }
        Path file = directory.resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * A template with its {@code {{placeholders}}} filled in; each value passes through the
     * escaper that fits the template's format (plain text, HTML). Unknown placeholders stay empty.
     */
    public String render(String name, Map<String, String> values, UnaryOperator<String> escape) {
        return fill(text(name), values, escape);
    }

    public String render(String name, Map<String, String> values) {
        return render(name, values, UnaryOperator.identity());
    }

    /** A citizen text in a language already read for the citizen (empty: German), placeholders filled in. */
    public String render(Optional<String> language, String name, Map<String, String> values) {
        return fill(text(language, name), values, UnaryOperator.identity());
    }

    /** A citizen text in the citizen's language, placeholders filled in. */
    public String render(long citizen, String name, Map<String, String> values) {
        return fill(text(citizen, name), values, UnaryOperator.identity());
    }

    private static String fill(String template, Map<String, String> values, UnaryOperator<String> escape) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.getOrDefault(m.group(1), "");
            m.appendReplacement(out, Matcher.quoteReplacement(escape.apply(value == null ? "" : value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A text in the default language (German). */
    public String text(String name) {
        return inLanguage(defaultLanguage, name);
    }

    /** A citizen text in the language the citizen writes in (German when not known or not translated). */
    public String text(long citizen, String name) {
        return inLanguage(languages.of(citizen).orElse(defaultLanguage), name);
    }

    /** A citizen text in a language already read for the citizen ({@link CitizenLanguages#remember}); empty means German. */
    public String text(Optional<String> language, String name) {
        return inLanguage(language.orElse(defaultLanguage), name);
    }

    /** A text in the given language, falling back to the default language. */
    public String inLanguage(String language, String name) {
        Path file = resolve(language, name).orElseThrow(() -> new UncheckedIOException("Citizen text " + name + " cannot be read",
                new java.io.FileNotFoundException(name)));
        return read(file);
    }

    /** The language a citizen's texts are sent in. */
    public String languageOf(long citizen) {
        return languages.of(citizen).filter(Languages.SUPPORTED::contains).orElse(defaultLanguage);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Citizen text " + file + " cannot be read", e);
        }
    }
}
