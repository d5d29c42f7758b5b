package de.meldeweg;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * True when the service runs in the explicit {@code dev} profile ({@code mvn spring-boot:run}),
 * i.e. on a developer's machine. The database alone decides nothing: a city may well run the jar
 * on H2, and gets no development conveniences for it.
 */
@Component
public class EmbeddedMode {

    public static final String PROFILE = "dev";

    private final boolean active;

    @Autowired
    public EmbeddedMode(Environment environment) {
        this(environment.acceptsProfiles(Profiles.of(PROFILE)));
    }

    public EmbeddedMode(boolean active) {
        this.active = active;
    }

    public boolean active() {
        return active;
    }
}
