package de.meldeweg.whatsapp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Meta's verification handshake: {@code GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…}
 * is answered with the challenge as plain text, everything else with 403.
 */
@Component("webhookHandshake")
public class WebhookHandshake {

    private final WhatsAppProperties whatsApp;

    public WebhookHandshake(WhatsAppProperties whatsApp) {
        this.whatsApp = whatsApp;
    }

    public void answer(Exchange exchange) {
        Message in = exchange.getIn();
        String mode = in.getHeader("hub.mode", String.class);
        String token = in.getHeader("hub.verify_token", String.class);
        String challenge = in.getHeader("hub.challenge", String.class);
        in.removeHeaders("*");
        in.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
        if ("subscribe".equals(mode) && tokenMatches(token) && challenge != null) {
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            in.setBody(challenge);
        } else {
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 403);
            in.setBody("Forbidden");
        }
    }

    private boolean tokenMatches(String presented) {
        String expected = whatsApp.verifyToken();
        if (expected == null || expected.isEmpty() || presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
