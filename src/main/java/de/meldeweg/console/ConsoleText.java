package de.meldeweg.console;

import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * German words for the codes the database stores (a delivery's channel and state, a health status,
 * an audit action): pages call {@code ${@consoleText.label('delivery.state.', d.state)}}. A code
 * without a text (a state added later) is shown as it is rather than as a message key.
 */
@Component
public class ConsoleText {

    private static final Locale GERMAN = Locale.GERMAN;
    private final MessageSource messages;

    public ConsoleText(MessageSource messages) {
        this.messages = messages;
    }

    public String label(String prefix, String code) {
        if (code == null || code.isBlank()) {
            return "–";
        }
        return messages.getMessage(prefix + code, null, code, GERMAN);
    }
}
