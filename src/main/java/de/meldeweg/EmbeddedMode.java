package de.meldeweg;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * True when the service runs on its embedded H2 database, i.e. on a developer's machine. Only
 * then may missing secrets fall back to development defaults (with a loud warning).
 */
@Component
public class EmbeddedMode {

    private final boolean active;

    public EmbeddedMode(@Value("${spring.datasource.url:}") String datasourceUrl) {
        this.active = datasourceUrl.startsWith("jdbc:h2:");
    }

    public boolean active() {
        return active;
    }
}
