package de.meldeweg.texts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The texts citizens and departments read, from {@code meldeweg.templates-dir} (by default
 * {@code config/templates}). Read on every use, so an admin's edit counts from the next message.
 */
@Component
public class CitizenTexts {

    public static final String UNSUPPORTED_HINT = "whatsapp/unsupported-hint.txt";
    public static final String RECEIPT = "whatsapp/receipt.txt";
    public static final String PRIVACY_NOTICE = "whatsapp/privacy-notice.txt";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z]+)}}");

    private final Path directory;

    public CitizenTexts(@Value("${meldeweg.templates-dir:./config/templates}") String directory) {
        this.directory = Path.of(directory);
        require(UNSUPPORTED_HINT);
        require(RECEIPT);
        require(PRIVACY_NOTICE);
    }

    private void require(String name) {
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Citizen text " + file.toAbsolutePath() + " is missing (meldeweg.templates-dir)");
        }
    }

    /**
     * A template with its {@code {{placeholders}}} filled in; each value passes through the
     * escaper that fits the template's format (plain text, HTML). Unknown placeholders stay empty.
     */
    public String render(String name, Map<String, String> values, UnaryOperator<String> escape) {
        Matcher m = PLACEHOLDER.matcher(text(name));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.getOrDefault(m.group(1), "");
            m.appendReplacement(out, Matcher.quoteReplacement(escape.apply(value == null ? "" : value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    public String render(String name, Map<String, String> values) {
        return render(name, values, UnaryOperator.identity());
    }

    public String text(String name) {
        try {
            return Files.readString(directory.resolve(name), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Citizen text " + name + " cannot be read", e);
        }
    }
}
