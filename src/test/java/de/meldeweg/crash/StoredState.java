package de.meldeweg.crash;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import de.meldeweg.privacy.PersonalDataCipher;

/**
 * What the service's H2 file holds, read over plain JDBC while no service runs on it.
 */
record StoredState(List<Event> events, List<Inbound> inbound, int citizens, int hints, int privacyNotices) {

    record Event(long id, String state, String body, java.time.Instant receivedAt) {
    }

    record Inbound(String messageKey, long eventId, String type, boolean accepted, String text) {
    }

    static StoredState read(String jdbcUrl, PersonalDataCipher cipher) throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, "sa", "");
             Statement sql = db.createStatement()) {
            List<Event> events = new ArrayList<>();
            try (ResultSet rs = sql.executeQuery("SELECT id, state, body, received_at FROM webhook_event ORDER BY id")) {
                while (rs.next()) {
                    events.add(new Event(rs.getLong(1), rs.getString(2), new String(cipher.openBytes(rs.getBytes(3)), StandardCharsets.UTF_8),
                            rs.getObject(4, java.time.OffsetDateTime.class).toInstant()));
                }
            }
            List<Inbound> inbound = new ArrayList<>();
            try (ResultSet rs = sql.executeQuery(
                    "SELECT message_key, event_id, type, accepted, text_enc FROM inbound_message ORDER BY id")) {
                while (rs.next()) {
                    inbound.add(new Inbound(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getBoolean(4), cipher.decrypt(rs.getString(5))));
                }
            }
            return new StoredState(events, inbound, count(sql, "citizen"),
                    count(sql, "outbound_message WHERE purpose = 'HINT_UNSUPPORTED'"),
                    count(sql, "outbound_message WHERE purpose = 'PRIVACY_NOTICE'"));
        }
    }

    /** Rows of a table, optionally with a WHERE clause of this class's own making. */
    private static int count(Statement sql, String table) throws SQLException {
        try (ResultSet rs = sql.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** How often each exact body is stored. */
    Map<String, Integer> bodies() {
        Map<String, Integer> counts = new HashMap<>();
        events.forEach(e -> counts.merge(e.body(), 1, Integer::sum));
        return counts;
    }

    long eventsIn(String state) {
        return events.stream().filter(e -> state.equals(e.state())).count();
    }

    Map<String, Long> states() {
        Map<String, Long> states = new java.util.TreeMap<>();
        events.forEach(e -> states.merge(e.state(), 1L, Long::sum));
        return states;
    }
}
