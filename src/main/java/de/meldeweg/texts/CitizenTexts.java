package de.meldeweg.texts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The texts citizens read, from {@code meldeweg.templates-dir} (by default
 * {@code config/templates}). Read on every use, so an admin's edit counts from the next message.
 */
@Component
public class CitizenTexts {

    public static final String UNSUPPORTED_HINT = "whatsapp/unsupported-hint.txt";

    private final Path directory;

    public CitizenTexts(@Value("${meldeweg.templates-dir:./config/templates}") String directory) {
        this.directory = Path.of(directory);
        require(UNSUPPORTED_HINT);
    }

    private void require(String name) {
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Citizen text " + file.toAbsolutePath() + " is missing (meldeweg.templates-dir)");
        }
    }

    public String text(String name) {
        try {
            return Files.readString(directory.resolve(name), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Citizen text " + name + " cannot be read", e);
        }
    }
}
