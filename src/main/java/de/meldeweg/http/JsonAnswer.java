package de.meldeweg.http;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import tools.jackson.databind.ObjectMapper;

/**
 * The answer of an admin endpoint: status, JSON body (written by the service's one mapper), and none of
 * the request's headers echoed back.
 */
public final class JsonAnswer {

    private JsonAnswer() {
    }

    public static String of(ObjectMapper json, Exchange exchange, int status, Object body) throws Exception {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        return json.writeValueAsString(body);
    }
}
