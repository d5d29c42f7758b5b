package de.meldeweg.replies;

import java.util.List;

import org.springframework.stereotype.Component;

import de.meldeweg.PersonalDataTables;

/** The replies feature's tables and how erasure and retention treat them (see PersonalDataTables). */
@Component
public class ReplyTables implements PersonalDataTables {

    @Override
    public List<Table> tables() {
        return List.of(
                Table.personal("reply", "deleted with the case", "with its case"),
                Table.personal("reply_message", "deleted with the case", "with its case"),
                Table.personal("reply_held", "deleted with the case", "with its case"),
                Table.personal("ticket_follow", "deleted with the case", "with its case"));
    }
}
