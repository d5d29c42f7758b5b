package de.meldeweg.intake;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

import de.meldeweg.citizen.Citizens;
import de.meldeweg.privacy.Erasure;
import de.meldeweg.privacy.PersonalDataCipher;
import de.meldeweg.whatsapp.OutboundMessages;

/** Delivery statuses of our own WhatsApp messages (sent, delivered, read, failed). */
@Component("intakeStatuses")
public class IntakeStatuses {

    private final OutboundMessages outbound;
    private final Citizens citizens;
    private final IntakeEvents events;
    private final PersonalDataCipher cipher;
    private final Erasure erasure;
    private final WebhookErrors errors;
    private final Clock clock;

    public IntakeStatuses(OutboundMessages outbound, Citizens citizens, PersonalDataCipher cipher, Erasure erasure,
                          WebhookErrors errors, Clock clock, IntakeEvents events) {
        this.events = events;
        this.outbound = outbound;
        this.citizens = citizens;
        this.cipher = cipher;
        this.erasure = erasure;
        this.errors = errors;
        this.clock = clock;
    }

    public void apply(@Body IntakePart part, @ExchangeProperty(IntakeEvents.NOTES) IntakeNotes notes) {
        JsonNode status = part.node();
        long eventId = part.eventId();
        String wamid = status.path("id").asString("");
        String state = status.path("status").asString("");
        if (wamid.isEmpty() || state.isEmpty()) {
            notes.note("status without id or status");
            return;
        }
        notes.handled();
        Integer code = null;
        String title = null;
        for (JsonNode error : status.path("errors")) {
            errors.record(eventId, "status", error);
            if (code == null && error.path("code").canConvertToInt()) {
                code = error.path("code").asInt();
                title = error.path("title").asString(null);
            }
        }
        Instant at = IntakeMessages.timestamp(status.path("timestamp"), clock.instant());
        String key = cipher.keyedHash("wamid", wamid);
        boolean ours = outbound.applyStatus(key, IntakeMessages.clip(state), at, code, title);
        Optional<Long> citizen = ours ? outbound.citizenOf(key) : Optional.empty();
        if (citizen.isPresent()) {
            // The status names the citizen's number: the event is theirs, for erasure and retention.
            events.link(eventId, citizen.get());
            return;
        }
        String recipient = status.path("recipient_id").asString("");
        if (!recipient.isEmpty() && erasure.erasedPhone(citizens.phoneHash(recipient))) {
            notes.note("status for a message to an erased citizen");
            notes.erased();
        } else if (!ours) {
            notes.note("status for a message we did not send");
        }
    }
}
