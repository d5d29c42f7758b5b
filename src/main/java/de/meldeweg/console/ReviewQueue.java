package de.meldeweg.console;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import de.meldeweg.privacy.PersonalDataCipher;

/** The complaint office's queue: held cases, oldest first, with what matched and the pseudonymized text. */
@Component
public class ReviewQueue {

    private final JdbcTemplate jdbc;
    private final PersonalDataCipher cipher;
    private final ConsoleTime time;

    public ReviewQueue(JdbcTemplate jdbc, PersonalDataCipher cipher, ConsoleTime time) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.time = time;
    }

    public record Held(String reference, String heldAt, boolean urgent, String matched, String text) {
    }

    public List<Held> held() {
        // report_enc of a held case is its pseudonymized report (CaseScreening stores it so).
        return jdbc.query("SELECT c.reference, r.held_at, c.urgent, r.reason, c.report_enc FROM case_review r JOIN report_case c ON c.id = r.case_id "
                        + "WHERE r.decision IS NULL AND c.state = 'REVIEW' ORDER BY r.held_at, c.id FETCH FIRST 200 ROWS ONLY",
                (rs, n) -> new Held(rs.getString(1), time.format(rs.getTimestamp(2)), rs.getBoolean(3), rs.getString(4),
                        cipher.decrypt(rs.getString(5))));
    }
}
