package de.meldeweg.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Posts to the running service's webhook exactly as Meta does. */
public final class Webhooks {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String base;
    private final HttpClient client;
    private final Duration timeout;

    public Webhooks(int port) {
        this(port, HTTP, null);
    }

    /** Posts through this client instead of the shared one, each post given up after the timeout (null: never). */
    public Webhooks(int port, HttpClient client, Duration timeout) {
        this.base = "http://localhost:" + port;
        this.client = client;
        this.timeout = timeout;
    }

    public HttpResponse<String> postSigned(byte[] body) {
        return post(body, Fixtures.sign(body));
    }

    public HttpResponse<String> postSigned(String body) {
        return postSigned(body.getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> post(byte[] body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/webhooks/whatsapp"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (timeout != null) {
            request.timeout(timeout);
        }
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return send(request.build());
    }

    public HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
