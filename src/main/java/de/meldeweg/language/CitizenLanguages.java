package de.meldeweg.language;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The language a citizen writes in ({@code citizen.language}): taken from their first message
 * whose language can be told ({@link LanguageDetector}), and kept from then on. Deleted with the
 * citizen (erasure, retention). Unknown means German.
 */
@Component
public class CitizenLanguages {

    private static final Logger LOG = LoggerFactory.getLogger(CitizenLanguages.class);

    private final JdbcTemplate jdbc;

    public CitizenLanguages(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Notes the language of the citizen's message unless one is known already; returns the citizen's language. */
    public Optional<String> remember(long citizen, String text) {
        return remember(citizen, of(citizen), text);
    }

    /**
     * Like {@link #remember(long, String)} with the language already read with the citizen's row
     * ({@code known}): no second read of it.
     */
    public Optional<String> remember(long citizen, Optional<String> known, String text) {
        if (known.isPresent()) {
            return known;
        }
        Optional<String> detected = LanguageDetector.detect(text);
        if (detected.isPresent()) {
            if (jdbc.update("UPDATE citizen SET language = ? WHERE id = ? AND language IS NULL", detected.get(), citizen) != 1) {
                return of(citizen); // noted by someone else meanwhile: that one counts
            }
            LOG.debug("Citizen {} writes {}", citizen, detected.get());
        }
        return detected;
    }

    /** The citizen's language, if one was recognised. */
    public Optional<String> of(long citizen) {
        List<String> rows = jdbc.queryForList("SELECT language FROM citizen WHERE id = ?", String.class, citizen);
        return rows.isEmpty() || rows.get(0) == null ? Optional.empty() : Optional.of(rows.get(0));
    }
}
