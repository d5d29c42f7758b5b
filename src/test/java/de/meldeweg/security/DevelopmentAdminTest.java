package de.meldeweg.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** The development mode's first sign-in: a random password, printed once, stored only as a hash. */
class DevelopmentAdminTest {

    private final JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource("jdbc:h2:mem:devadmin-" + System.nanoTime()
            + ";DB_CLOSE_DELAY=-1", "sa", ""));
    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(4);

    private DevelopmentAdmin admin(List<SecurityProperties.Account> accounts) {
        SecurityProperties properties = new SecurityProperties(accounts, new SecurityProperties.Oidc("groups", Map.of()), 10,
                Duration.ofMinutes(15));
        return new DevelopmentAdmin(new LocalAccounts(properties, jdbc), jdbc, encoder, Clock.systemUTC(), new ServerProperties());
    }

    @Test
    void theFirstStartPrintsARandomPasswordOnceAndStoresOnlyItsHash() throws Exception {
        jdbc.execute("CREATE TABLE console_account (username VARCHAR(100) PRIMARY KEY, password_hash VARCHAR(100) NOT NULL, "
                + "role VARCHAR(16) NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(DevelopmentAdmin.class)).addAppender(log);

        admin(List.of()).run(null);
        admin(List.of()).run(null);

        List<String> printed = log.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("Passwort:")).toList();
        assertThat(printed).hasSize(1);
        Matcher password = Pattern.compile("Passwort: (\\S+)").matcher(printed.get(0));
        assertThat(password.find()).isTrue();
        String hash = jdbc.queryForObject("SELECT password_hash FROM console_account WHERE username = 'admin'", String.class);
        assertThat(hash).startsWith("$2").doesNotContain(password.group(1));
        assertThat(encoder.matches(password.group(1), hash)).isTrue();
        assertThat(password.group(1)).hasSizeGreaterThanOrEqualTo(20);

        // A second database, a second password: nothing fixed.
        DevelopmentAdminTest other = new DevelopmentAdminTest();
        other.jdbc.execute("CREATE TABLE console_account (username VARCHAR(100) PRIMARY KEY, password_hash VARCHAR(100) NOT NULL, "
                + "role VARCHAR(16) NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        other.admin(List.of()).run(null);
        List<String> second = log.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("Passwort:")).toList();
        assertThat(second).hasSize(2);
        assertThat(second.get(1)).doesNotContain(password.group(1));
    }

    @Test
    void configuredAccountsReplaceTheGeneratedOne() throws Exception {
        jdbc.execute("CREATE TABLE console_account (username VARCHAR(100) PRIMARY KEY, password_hash VARCHAR(100) NOT NULL, "
                + "role VARCHAR(16) NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        admin(List.of(new SecurityProperties.Account("it", encoder.encode("x"), ConsoleRole.ADMIN))).run(null);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM console_account", Integer.class)).isZero();
    }
}
