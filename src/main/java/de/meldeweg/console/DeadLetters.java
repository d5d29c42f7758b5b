package de.meldeweg.console;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Deliveries that gave up, filtered by channel and reference, oldest first. */
@Component
public class DeadLetters {

    private final JdbcTemplate jdbc;
    private final ConsoleTime time;

    public DeadLetters(JdbcTemplate jdbc, ConsoleTime time) {
        this.jdbc = jdbc;
        this.time = time;
    }

    public record Letter(long id, String reference, String channel, int attempts, String lastError, String createdAt) {
    }

    public List<Letter> list(String channel, String reference) {
        StringBuilder sql = new StringBuilder("SELECT d.id, c.reference, d.channel, d.attempts, d.last_error, d.created_at FROM delivery d "
                + "JOIN report_case c ON c.id = d.case_id WHERE d.state = 'DEAD'");
        List<Object> args = new ArrayList<>();
        if (channel != null && !channel.isBlank()) {
            sql.append(" AND d.channel = ?");
            args.add(channel);
        }
        if (reference != null && !reference.isBlank()) {
            sql.append(" AND c.reference LIKE ?");
            args.add(reference.strip().toUpperCase() + "%");
        }
        sql.append(" ORDER BY d.id FETCH FIRST 500 ROWS ONLY");
        return jdbc.query(sql.toString(), (rs, n) -> new Letter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                rs.getString(5), time.format(rs.getTimestamp(6))), args.toArray());
    }

    public List<String> channels() {
        return jdbc.queryForList("SELECT DISTINCT channel FROM delivery WHERE state = 'DEAD' ORDER BY channel", String.class);
    }
}
