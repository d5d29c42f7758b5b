package de.meldeweg.intake;

import java.time.Clock;
import java.time.Instant;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

import de.meldeweg.citizen.Citizens;
import de.meldeweg.citizen.Sender;
import de.meldeweg.privacy.PersonalDataCipher;

/** Call events: the citizen phoned the business number. We cannot take calls: one hint a day. */
@Component("intakeCalls")
public class IntakeCalls {

    private final IntakeMessages messages;
    private final Citizens citizens;
    private final IntakeEvents events;
    private final PersonalDataCipher cipher;
    private final Clock clock;

    public IntakeCalls(IntakeMessages messages, Citizens citizens, PersonalDataCipher cipher, Clock clock, IntakeEvents events) {
        this.events = events;
        this.messages = messages;
        this.citizens = citizens;
        this.cipher = cipher;
        this.clock = clock;
    }

    public void handle(@Body IntakePart part, @ExchangeProperty(IntakeEvents.NOTES) IntakeNotes notes) {
        JsonNode call = part.node();
        long eventId = part.eventId();
        String callId = call.path("id").asString("");
        String direction = call.path("direction").asString("");
        Sender sender = IntakeMessages.sender(call.path("from").asString(""), call.path("from_user_id").asString(""), part.contacts());
        if (callId.isEmpty() || !sender.identified() || "BUSINESS_INITIATED".equals(direction)) {
            notes.note("call event without caller");
            return;
        }
        notes.handled();
        Instant now = clock.instant();
        String key = cipher.keyedHash("call", callId);
        long citizen = messages.welcome(citizens.register(sender, now), null);
        events.link(eventId, citizen);
        if (messages.alreadySeen(key)) {
            return;
        }
        Instant at = IntakeMessages.timestamp(call.path("timestamp"), now);
        messages.insert(key, citizen, eventId, "call", false, null, null, null, null, at, now);
        citizens.touchInbound(citizen, at.isAfter(now) ? now : at);
        notes.note("call events are not accepted");
        messages.hintOncePerDay(citizen, now, "call");
    }
}
