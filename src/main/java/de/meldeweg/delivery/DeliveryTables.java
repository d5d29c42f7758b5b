package de.meldeweg.delivery;

import java.util.List;

import org.springframework.stereotype.Component;

import de.meldeweg.PersonalDataTables;

/** The delivery feature's tables and how erasure and retention treat them (see PersonalDataTables). */
@Component
public class DeliveryTables implements PersonalDataTables {

    @Override
    public List<Table> tables() {
        return List.of(
                Table.personal("delivery", "deliveries of dropped cases deleted; a note tells the ticket system", "with its case"),
                Table.personal("reply_token", "SHA-256 of the mail tokens only; deleted with the case (ON DELETE CASCADE)", "with its case"));
    }
}
