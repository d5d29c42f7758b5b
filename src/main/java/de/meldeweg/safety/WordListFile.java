package de.meldeweg.safety;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.meldeweg.ops.StartupLoads;

/**
 * A word list in {@code config/safety/}, read again whenever an admin saves it: an edit counts
 * from the next message, without a restart. A list that cannot be read keeps the last good one.
 */
final class WordListFile {

    private static final Logger LOG = LoggerFactory.getLogger(WordListFile.class);

    private final Path file;
    private volatile FileTime loadedVersion;
    private volatile WordRules rules;
    /** The first load while it may still run in the background ({@link StartupLoads}); null once taken. */
    private volatile StartupLoads.Load<WordRules> first;

    /** Reads the list now. */
    WordListFile(Path file) {
        this(file, null);
    }

    /**
     * Reads the list in the background of the start-up when {@code loads} is given (its typo checks against
     * the ordinary words take a moment); the first {@link #rules()} waits for it. A missing file fails at once.
     */
    WordListFile(Path file, StartupLoads loads) {
        this.file = file;
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Word list " + file.toAbsolutePath() + " is missing (meldeweg.safety.dir)");
        }
        this.first = StartupLoads.start(loads, "word list " + file.getFileName(), this::load);
    }

    WordRules rules() {
        StartupLoads.Load<WordRules> pending = first;
        if (pending != null) {
            // Waits for the first load: nothing is checked against a list that is not there yet (a failed load throws).
            WordRules loaded = pending.get();
            synchronized (this) {
                if (first != null) {
                    rules = loaded;
                    first = null;
                }
            }
        }
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (!modified.equals(loadedVersion)) {
                synchronized (this) {
                    if (!modified.equals(loadedVersion)) {
                        rules = load();
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Word list {} cannot be read ({}); the last version stays in use", file, e.getClass().getSimpleName());
        }
        return rules;
    }

    /** The ordinary words (config/safety/words-*.txt.gz beside the list) in the lists' spelling. */
    static java.util.Set<String> ordinaryWords(Path dir) {
        return de.meldeweg.directory.Vocabulary.in(dir).spelled(SafetyText.SPELLING, SafetyText::token);
    }

    private WordRules load() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            Path dir = file.toAbsolutePath().getParent();
            WordRules loaded = WordRules.parse(Files.readAllLines(file, StandardCharsets.UTF_8), ordinaryWords(dir));
            loadedVersion = modified;
            LOG.info("Word list {} loaded: {} entries", file.getFileName(), loaded.size());
            if (!loaded.collisions().isEmpty()) {
                LOG.info("Word list {}: no typo tolerance for {} word(s) with an ordinary word one letter away: {}",
                        file.getFileName(), loaded.collisions().size(), String.join("; ", loaded.collisions()));
            }
            return loaded;
        } catch (IOException e) {
            throw new UncheckedIOException("Word list " + file + " cannot be read", e);
        }
    }
}
