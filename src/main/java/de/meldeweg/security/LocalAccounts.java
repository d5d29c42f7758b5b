package de.meldeweg.security;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * The console's local accounts: those configured under {@code meldeweg.console.accounts} (bcrypt
 * hashes); when none is configured, the account generated on the first start of the development
 * mode ({@link DevelopmentAdmin}, table {@code console_account}).
 */
@Component
public class LocalAccounts implements UserDetailsService {

    private final SecurityProperties properties;
    private final JdbcTemplate jdbc;

    public LocalAccounts(SecurityProperties properties, JdbcTemplate jdbc) {
        this.properties = properties;
        this.jdbc = jdbc;
    }

    public boolean configured() {
        return !properties.accounts().isEmpty();
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        if (configured()) {
            return properties.accounts().stream().filter(a -> a.username().equals(username)).findFirst()
                    .map(a -> user(a.username(), a.passwordHash(), a.role().name()))
                    .orElseThrow(() -> new UsernameNotFoundException("no such account"));
        }
        List<UserDetails> stored = jdbc.query("SELECT username, password_hash, role FROM console_account WHERE username = ?",
                (rs, n) -> user(rs.getString(1), rs.getString(2), rs.getString(3)), username);
        if (stored.isEmpty()) {
            throw new UsernameNotFoundException("no such account");
        }
        return stored.get(0);
    }

    private static UserDetails user(String username, String hash, String role) {
        String bcrypt = hash.startsWith("{bcrypt}") ? hash.substring("{bcrypt}".length()) : hash;
        return User.withUsername(username).password(bcrypt).roles(role).build();
    }
}
