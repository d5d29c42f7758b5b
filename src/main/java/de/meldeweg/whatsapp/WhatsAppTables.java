package de.meldeweg.whatsapp;

import java.util.List;

import org.springframework.stereotype.Component;

import de.meldeweg.PersonalDataTables;

/** The whatsapp feature's tables and how erasure and retention treat them (see PersonalDataTables). */
@Component
public class WhatsAppTables implements PersonalDataTables {

    @Override
    public List<Table> tables() {
        return List.of(
                Table.personal("webhook_event", "events naming the citizen (webhook_event_citizen, parked events read) are deleted",
                        "processed/ignored events after meldeweg.retention.events-after, any after max-age; body encrypted at rest"),
                Table.personal("webhook_event_citizen", "deleted with the citizen and the event (ON DELETE CASCADE)", "goes with its event"),
                Table.personal("outbound_message", "the citizen's messages are deleted; the erasure confirmation until it is sent",
                        "sent ones after meldeweg.retention.after-closed, any after max-age; body encrypted at rest"),
                Table.personal("whatsapp_error", "holds no message text; deleted with its event's age",
                        "after meldeweg.retention.events-after"),
                Table.withoutPersonalData("whatsapp_send_lock", "a lock row for sending across instances"));
    }
}
