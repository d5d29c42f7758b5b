package de.meldeweg.security;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The development mode's first sign-in ({@code dev} profile, as {@code mvn spring-boot:run} starts
 * it): when no local account is configured and none was generated before, an ADMIN account
 * {@code admin} gets a random password, printed once; only its bcrypt hash is stored (table
 * {@code console_account}, in the embedded database under ./data). There is no fixed default.
 * Configured accounts ({@code meldeweg.console.accounts}) replace it.
 */
@Component
@Profile("dev")
public class DevelopmentAdmin implements ApplicationRunner {

    static final String USERNAME = "admin";
    private static final Logger LOG = LoggerFactory.getLogger(DevelopmentAdmin.class);

    private final LocalAccounts accounts;
    private final JdbcTemplate jdbc;
    private final PasswordEncoder encoder;
    private final Clock clock;
    private final String port;

    // server.port is Spring Boot's own setting (its typed ServerProperties), not one of ours: only printed in the sign-in hint
    public DevelopmentAdmin(LocalAccounts accounts, JdbcTemplate jdbc, PasswordEncoder encoder, Clock clock, ServerProperties server) {
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.clock = clock;
        this.port = String.valueOf(server.getPort() == null ? 8080 : server.getPort());
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.configured()) {
            return;
        }
        Integer existing = jdbc.queryForObject("SELECT COUNT(*) FROM console_account", Integer.class);
        if (existing != null && existing > 0) {
            LOG.info("Console: sign in at http://localhost:{}/console with the account generated on the first start "
                    + "(its password was printed then; delete ./data to get a new one)", port);
            return;
        }
        byte[] random = new byte[15];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        jdbc.update("INSERT INTO console_account (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
                USERNAME, encoder.encode(password), ConsoleRole.ADMIN.name(), Timestamp.from(clock.instant()));
        String line = "=".repeat(78);
        LOG.warn("\n{}\n Console: http://localhost:{}/console\n Benutzer: {}   Passwort: {}\n This password is shown only now;"
                + " only its hash is stored. Configure meldeweg.console.accounts to replace it.\n{}", line, port, USERNAME, password, line);
    }
}
