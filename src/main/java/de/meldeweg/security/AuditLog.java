package de.meldeweg.security;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Every action in the console and through the admin API, and every sign-in and refused sign-in:
 * who (account, OIDC user or "Token ADMIN"), with which role, what, which case, when. Holds no
 * citizen data: case references, counts and staff names only; never a phone number or a text.
 */
@Component
public class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AuditLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record Entry(long id, Instant at, String actor, String role, String action, String caseReference, String detail) {
    }

    public void record(Authentication who, String action, String caseReference, String detail) {
        record(who == null ? "anonym" : who.getName(), roleOf(who), action, caseReference, detail);
    }

    public void record(String actor, String role, String action, String caseReference, String detail) {
        jdbc.update("INSERT INTO console_audit (at, actor, role, action, case_reference, detail) VALUES (?, ?, ?, ?, ?, ?)",
                Timestamp.from(clock.instant()), cut(actor, 200), role, cut(action, 64), caseReference, cut(detail, 1000));
        LOG.info("Audit: {} ({}) {} {} {}", actor, role, action, caseReference == null ? "" : caseReference, detail == null ? "" : detail);
    }

    public List<Entry> latest(String caseReference, int limit, int offset) {
        String where = caseReference == null ? "" : " WHERE case_reference = ?";
        Object[] args = caseReference == null ? new Object[0] : new Object[] {caseReference};
        return jdbc.query("SELECT id, at, actor, role, action, case_reference, detail FROM console_audit" + where
                + " ORDER BY at DESC, id DESC OFFSET " + offset + " ROWS FETCH FIRST " + limit + " ROWS ONLY",
                (rs, n) -> new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7)), args);
    }

    /** The highest console role of the signed-in user or token, or null. */
    public static String roleOf(Authentication who) {
        if (who == null) {
            return null;
        }
        for (ConsoleRole role : ConsoleRole.values()) {
            if (who.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(role.authority()))) {
                return role.name();
            }
        }
        return who.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + AccessGuard.METRICS)) ? AccessGuard.METRICS : null;
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
