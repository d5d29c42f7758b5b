package de.meldeweg.tickets;

import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpMethods;
import org.springframework.stereotype.Component;

/**
 * Every HTTP call to the ticket system goes through the route {@code ticket-call}
 * ({@code routes/ticket-call.camel.yaml}): one endpoint on {@code meldeweg.ticket.base-url} with
 * the connect and response timeouts of the configuration. The request's path is appended to the
 * base URL here, so a call can never leave the configured system.
 *
 * <p>Each call is a new exchange that carries only the request's own headers and the two that steer
 * camel-http (URI and method, both filtered out of the HTTP request by camel-http as Camel headers),
 * so no header or property of the calling route can reach the ticket system. The method is set as
 * camel-http's own {@link HttpMethods} value: given as text, camel-http converts it on every call
 * through Camel's type converters (a lookup that is not cached for enums).
 */
@Component("ticketCalls")
public class TicketCalls implements TicketHttp {

    public static final String ROUTE = "direct:ticket-call";

    private final ProducerTemplate producer;
    private final TicketProperties properties;

    public TicketCalls(ProducerTemplate producer, TicketProperties properties) {
        this.producer = producer;
        this.properties = properties;
    }

    @Override
    public Response call(TicketRequest request) {
        if (!request.path().startsWith("/")) {
            throw new IllegalArgumentException("ticket request path must start with /");
        }
        Exchange answer = producer.request(ROUTE, exchange -> {
            exchange.getIn().setHeader(Exchange.HTTP_URI, properties.baseUrl() + request.path());
            exchange.getIn().setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(request.method().toUpperCase(Locale.ROOT)));
            request.headers().forEach(exchange.getIn()::setHeader);
            byte[] body = request.body();
            exchange.getIn().setBody(body.length == 0 && "GET".equals(request.method()) ? null : body);
        });
        if (answer.getException() != null) {
            throw answer.getException() instanceof RuntimeException r ? r : new IllegalStateException(answer.getException());
        }
        int status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        return new Response(status, answer.getMessage().getBody(String.class));
    }
}
