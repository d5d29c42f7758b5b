package de.meldeweg.replies;

import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

import de.meldeweg.PersonalDataTables;

/** The replies feature's tables and how erasure and retention treat them (see PersonalDataTables). */
@Component
public class ReplyTables implements PersonalDataTables {

    /** Processed answer mails in meldeweg.mail.imap.move-to (nothing to purge when there is no such folder). */
    private final ReplyMailFolder replyMailFolder;

    public ReplyTables(ReplyMailFolder replyMailFolder) {
        this.replyMailFolder = replyMailFolder;
    }

    @Override
    public int purgeOutsideTheDatabase(Instant before) {
        return replyMailFolder.purge(before);
    }

    @Override
    public List<Table> tables() {
        return List.of(
                Table.personal("reply", "deleted with the case", "with its case"),
                Table.personal("reply_message", "deleted with the case", "with its case"),
                Table.personal("reply_held", "deleted with the case", "with its case"),
                Table.personal("ticket_follow", "deleted with the case", "with its case"),
                // Keyed hash of a city sender's address and the time of its last explanation: no citizen data.
                Table.personal("reply_explanation", "no citizen data (keyed hash of a city staff address)",
                        "older than meldeweg.replies.explain-every: removed with the next explanation"));
    }
}
