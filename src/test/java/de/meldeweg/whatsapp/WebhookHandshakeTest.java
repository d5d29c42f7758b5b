package de.meldeweg.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class WebhookHandshakeTest {

    private static Exchange handshake(String configuredToken, String mode, String token, String challenge) {
        WhatsAppProperties properties = WhatsAppSettings.defaults().verifyToken(configuredToken).build();
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader("hub.mode", mode);
        exchange.getIn().setHeader("hub.verify_token", token);
        exchange.getIn().setHeader("hub.challenge", challenge);
        new WebhookHandshake(properties).answer(exchange);
        return exchange;
    }

    @Test
    void anEmptyConfiguredTokenNeverMatches() {
        assertThat(handshake("", "subscribe", "", "42").getIn().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(403);
        assertThat(handshake(null, "subscribe", null, "42").getIn().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(403);
    }

    @Test
    void theChallengeIsEchoedExactly() {
        Exchange ok = handshake("t0ken", "subscribe", "t0ken", "Ab-12_%C3%9F");
        assertThat(ok.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(ok.getIn().getBody()).isEqualTo("Ab-12_%C3%9F");
        assertThat(handshake("t0ken", "subscribe", "t0ke", "1").getIn().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(403);
    }
}
