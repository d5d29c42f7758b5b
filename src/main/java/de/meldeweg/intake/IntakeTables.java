package de.meldeweg.intake;

import java.util.List;

import org.springframework.stereotype.Component;

import de.meldeweg.PersonalDataTables;

/** The intake feature's tables and how erasure and retention treat them (see PersonalDataTables). */
@Component
public class IntakeTables implements PersonalDataTables {

    @Override
    public List<Table> tables() {
        return List.of(
                Table.personal("inbound_message", "text and photos deleted; the keyed message id kept while Meta may redeliver",
                        "with its case; unsupported ones after the 7-day redelivery window; any after max-age"),
                Table.personal("inbound_media", "photo bytes deleted with the message",
                        "photo bytes after meldeweg.retention.media-after; the row with its message"));
    }
}
