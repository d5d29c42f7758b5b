package de.meldeweg.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A console user over plain HTTP, as a browser without JavaScript is: signs in through the login
 * form with its CSRF token, keeps the session cookie, and posts forms with the page's token.
 */
public final class ConsoleSession {

    public static final String PASSWORD = "Konsole-Test-2026";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private final String base;

    private ConsoleSession(int port) {
        this.base = "http://localhost:" + port;
    }

    /** Local accounts "leitung" (ADMIN), "beschwerde" (REVIEW), "lesen" (VIEWER), all with {@link #PASSWORD}. */
    public static void accounts(DynamicPropertyRegistry registry) {
        // Plain HTTP to localhost: the session cookie cannot be a Secure one here (a browser allows it for localhost).
        registry.add("server.servlet.session.cookie.secure", () -> "false");
        String hash = new BCryptPasswordEncoder(4).encode(PASSWORD);
        String[][] accounts = {{"leitung", "ADMIN"}, {"beschwerde", "REVIEW"}, {"lesen", "VIEWER"}};
        for (int i = 0; i < accounts.length; i++) {
            String[] account = accounts[i];
            registry.add("meldeweg.console.accounts[" + i + "].username", () -> account[0]);
            registry.add("meldeweg.console.accounts[" + i + "].password-hash", () -> hash);
            registry.add("meldeweg.console.accounts[" + i + "].role", () -> account[1]);
        }
    }

    public static ConsoleSession signIn(int port, String user) {
        ConsoleSession session = new ConsoleSession(port);
        String token = session.csrf(session.get("/console/login").body());
        HttpResponse<String> answer = session.post("/console/login", Map.of("username", user, "password", PASSWORD, "_csrf", token));
        assertThat(answer.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return session;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    /** Posts a form with the CSRF token of the page {@code formPage}. */
    public HttpResponse<String> submit(String formPage, String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf(get(formPage).body()));
        return post(path, all);
    }

    public HttpResponse<String> post(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    /** Posts a form with a file ({@code multipart/form-data}, as a browser sends an upload) and the CSRF token of {@code formPage}. */
    public HttpResponse<String> submitFile(String formPage, String path, Map<String, String> fields, String fileField, String fileName,
                                           String type, byte[] content) {
        String boundary = "----meldeweg" + System.nanoTime();
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf(get(formPage).body()));
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        StringBuilder head = new StringBuilder();
        all.forEach((name, value) -> head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(name)
                .append("\"\r\n\r\n").append(value).append("\r\n"));
        head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(fileField).append("\"; filename=\"")
                .append(fileName).append("\"\r\nContent-Type: ").append(type).append("\r\n\r\n");
        body.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("CSRF token on the page %s", page.length() > 600 ? page.substring(0, 600) : page).isTrue();
        return m.group(1);
    }
}
