package de.meldeweg.tickets;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One HTTP request to a ticket system, ready for camel-http. {@code path} is relative to
 * {@code meldeweg.ticket.base-url} and may carry a query string ({@code /uploads.json?filename=a.jpg}).
 * The body is bytes because Redmine uploads are raw file content; JSON and form bodies are UTF-8
 * ({@link #bodyText()}).
 */
public record TicketRequest(String method, String path, Map<String, String> headers, byte[] body) {

    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "x-redmine-api-key");

    public TicketRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = Objects.requireNonNull(body, "body").clone();
    }

    /** A request with a UTF-8 text body (JSON, form). */
    public static TicketRequest text(String method, String path, Map<String, String> headers, String body) {
        return new TicketRequest(method, path, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text; meaningful for JSON and form bodies, not for uploads. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TicketRequest that
                && method.equals(that.method)
                && path.equals(that.path)
                && headers.equals(that.headers)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, headers, Arrays.hashCode(body));
    }

    /** Without the body (citizen text, photos) and with secret headers masked, so it can be logged. */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        headers.forEach((name, value) -> shown.put(name, SECRET_HEADERS.contains(name.toLowerCase()) ? "***" : value));
        return "TicketRequest[" + method + " " + path + ", " + shown + ", " + body.length + " bytes]";
    }
}
