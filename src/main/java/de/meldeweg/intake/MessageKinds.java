package de.meldeweg.intake;

import de.meldeweg.status.StatusRequests;

import org.apache.camel.Body;
import org.springframework.stereotype.Component;

import de.meldeweg.privacy.ErasureCommand;
import de.meldeweg.replies.AnswerRequest;
import de.meldeweg.replies.HeldAnswers;

/**
 * Decides what a new message is, for the choice in {@code routes/intake-message.camel.yaml}:
 * {@code erase} ("Löschen"), {@code erase-wish} (looks like a wish to delete), {@code status} ("Stand?",
 * one of the citizen's references), {@code answer-request}
 * (asks for an answer held for the citizen), {@code system} (WhatsApp's notice about the account),
 * {@code reaction}, one of the accepted types ({@code text}, {@code image}, {@code location} as
 * configured in {@code meldeweg.intake.accepted-types}), or {@code unsupported}.
 */
@Component("messageKinds")
public class MessageKinds {

    public static final String ERASE = "erase";
    public static final String ERASE_WISH = "erase-wish";
    public static final String STATUS = "status";
    public static final String ANSWER_REQUEST = "answer-request";
    public static final String SYSTEM = "system";
    public static final String REACTION = "reaction";
    public static final String UNSUPPORTED = "unsupported";

    private final IntakeProperties intake;
    private final HeldAnswers heldAnswers;

    public MessageKinds(IntakeProperties intake, HeldAnswers heldAnswers) {
        this.intake = intake;
        this.heldAnswers = heldAnswers;
    }

    public String kindOf(@Body InboundMessage message) {
        String type = message.type();
        if (SYSTEM.equals(type)) {
            return SYSTEM;
        }
        if ("text".equals(type)) {
            switch (ErasureCommand.judge(message.body())) {
                case COMMAND -> {
                    return ERASE;
                }
                case WISH -> {
                    return ERASE_WISH;
                }
                default -> {
                    // a report or a short acknowledgement
                }
            }
            if (StatusRequests.asks(message.body())) {
                return STATUS;
            }
        }
        boolean asks = "button".equals(type) || "text".equals(type) && AnswerRequest.acknowledges(message.body());
        if (asks && heldAnswers.waitingFor(message.citizen())) {
            return ANSWER_REQUEST;
        }
        if (REACTION.equals(type)) {
            return REACTION;
        }
        return intake.acceptedTypes().contains(type) ? type : UNSUPPORTED;
    }
}
