import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends the sample webhooks to a running Meldeweg, signed as Meta signs them.
 *
 *   java samples/SendSamples.java [url] [folder]
 *
 *   url     where the webhook is, default http://localhost:8080/webhooks/whatsapp
 *   folder  which samples, default samples/webhooks; every *.json in it is sent, in name order:
 *             samples/webhooks  1-text (a report), 2-image (a photo with caption), 3-voice-note
 *                               (gets the "only text and photos" hint), 4-batch (a text and a
 *                               delivery status in one event)
 *             samples/erase     5-loeschen: "Löschen" from the sender of 1-text, erases them
 *
 *   e.g. java samples/SendSamples.java http://localhost:8080/webhooks/whatsapp samples/erase
 *
 * Each body gets the current time as its message timestamps (so replies fall inside WhatsApp's
 * 24-hour window) and is signed with the environment variable MELDEWEG_WHATSAPP_APP_SECRET, or with
 * the development secret that the embedded mode accepts when no app secret is configured. Every
 * answer is printed: 200 means stored. A sample sent twice is a redelivery and creates nothing new.
 * See docs/flow.md, "See it work in a minute".
 */
public class SendSamples {

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://localhost:8080/webhooks/whatsapp";
        String secret = System.getenv().getOrDefault("MELDEWEG_WHATSAPP_APP_SECRET", "");
        if (secret.isEmpty()) {
            secret = "meldeweg-development-app-secret";
        }
        Path dir = Path.of(args.length > 1 ? args[1] : "samples/webhooks");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        HttpClient http = HttpClient.newHttpClient();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        long now = System.currentTimeMillis() / 1000;
        for (Path file : files) {
            String json = Files.readString(file, StandardCharsets.UTF_8)
                    .replaceAll("\"timestamp\": \"\\d+\"", "\"timestamp\": \"" + now + "\"");
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .header("X-Hub-Signature-256", signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            System.out.printf("%-28s -> %d %s%n", file.getFileName(), response.statusCode(), response.body());
        }
    }
}
