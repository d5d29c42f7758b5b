package de.meldeweg.http;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Request/response calls through camel-http for beans that talk to an API in several steps
 * (media metadata then file, ticket uploads then create). Non-2xx answers come back as answers
 * with their status; only a failure to get any answer throws.
 */
@Component
public class HttpCalls {

    private final ProducerTemplate producer;

    public HttpCalls(ProducerTemplate producer) {
        this.producer = producer;
    }

    /**
     * Calls {@code url} through the camel-http endpoint of {@code base} (the configured base URL,
     * so the endpoint is created once).
     */
    public Exchange call(String base, String url, String method, Map<String, String> headers, Object body) {
        return request(base + "?throwExceptionOnFailure=false", url, method, headers, body);
    }

    /**
     * Calls {@code url} through a route ({@code direct:...}) that holds the HTTP endpoint with its
     * timeouts, so the outside call and its limits are visible in {@code routes/}.
     */
    public Exchange via(String route, String url, String method, Map<String, String> headers, Object body) {
        return request(route, url, method, headers, body);
    }

    private Exchange request(String endpoint, String url, String method, Map<String, String> headers, Object body) {
        Exchange answer = producer.request(endpoint, exchange -> {
            exchange.getIn().setHeader(Exchange.HTTP_URI, url);
            exchange.getIn().setHeader(Exchange.HTTP_METHOD, method);
            headers.forEach(exchange.getIn()::setHeader);
            exchange.getIn().setBody(body);
        });
        if (answer.getException() != null) {
            throw answer.getException() instanceof RuntimeException r ? r : new IllegalStateException(answer.getException());
        }
        return answer;
    }

    public static int status(Exchange answer) {
        return answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
    }
}
