package de.meldeweg.cases;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import de.meldeweg.privacy.PersonalDataCipher;

/** The photos of a case as they go to the department: fetched ones with caption, and how many are missing. */
@Component
public class CasePhotos {

    private final JdbcTemplate jdbc;
    private final PersonalDataCipher cipher;

    public CasePhotos(JdbcTemplate jdbc, PersonalDataCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    public record Photo(String fileName, String mime, byte[] content, String caption) {
        @Override
        public String toString() {
            return "Photo[" + fileName + ", " + content.length + " bytes]";
        }
    }

    public record Photos(List<Photo> fetched, int missing) {
    }

    public Photos of(long caseId) {
        List<Photo> fetched = new ArrayList<>();
        int[] missing = {0};
        jdbc.query("SELECT x.state, x.content, x.mime, m.text_enc FROM inbound_message m JOIN inbound_media x ON x.message_id = m.id "
                + "WHERE m.case_id = ? ORDER BY m.received_at, m.id", rs -> {
            if ("FETCHED".equals(rs.getString(1))) {
                String mime = rs.getString(3);
                String name = "foto-" + (fetched.size() + 1) + ("image/png".equals(mime) ? ".png" : ".jpg");
                fetched.add(new Photo(name, mime, rs.getBytes(2), cipher.decrypt(rs.getString(4))));
            } else {
                missing[0]++;
            }
        }, caseId);
        return new Photos(List.copyOf(fetched), missing[0]);
    }
}
