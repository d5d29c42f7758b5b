import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Generates signed WhatsApp Cloud API text-message webhooks for the benchmark.
 *
 *   java bench/GenerateBodies.java SECRET COUNT SENDERS OUT.tsv
 *
 * Writes one line per body: "sha256=<hex HMAC-SHA256 of the body with SECRET>", a TAB, and the
 * body as compact one-line JSON, ASCII only (non-ASCII escaped as \\uXXXX, as Meta sends it).
 * Every body has its own message id (wamid....), senders cycle through SENDERS distinct numbers,
 * and the text is padded so that every body is about 1.2 KB. Deterministic (fixed seed) apart
 * from the timestamps, which are "now" so that intake treats the messages as fresh.
 */
public class GenerateBodies {

    private static final String[] SENTENCES = {
        "Gr\\u00fc\\u00df Gott, an der Bushaltestelle Marktplatz ist die Bank kaputt \\ud83e\\ude91 \\u2013 bitte reparieren!",
        "In der Badstra\\u00dfe ist seit gestern Abend die Stra\\u00dfenlaterne vor Hausnummer 12 dunkel.",
        "Auf dem Spielplatz am Br\\u00fchl liegen Glasscherben unter der Rutsche, die Kinder spielen dort jeden Tag.",
        "Der Glascontainer beim Friedhof quillt \\u00fcber, daneben stehen T\\u00fcten mit Altglas im Regen.",
        "Am Radweg nach Hirsau ist nach dem Sturm ein Ast heruntergebrochen und versperrt die halbe Fahrbahn.",
        "Die Ampel an der Kreuzung Bahnhofstra\\u00dfe schaltet f\\u00fcr Fu\\u00dfg\\u00e4nger nicht mehr auf Gr\\u00fcn.",
        "Im Stadtgarten ist der M\\u00fclleimer neben dem Brunnen seit Tagen voll, es riecht schon unangenehm.",
        "Vor der Grundschule ist ein Schlagloch, in dem heute Morgen ein Fahrradfahrer fast gest\\u00fcrzt w\\u00e4re.",
    };
    private static final String[] NAMES = {
        "Hans B\\u00e4uerle", "Maria K\\u00f6nig", "J\\u00fcrgen Wei\\u00df", "Anna M\\u00fcller", "Sevgi Y\\u0131lmaz",
        "Luca Rossi", "Ingrid Sch\\u00e4fer", "Oksana Kovalenko", "Peter Gro\\u00df", "Fatma \\u00d6zdemir",
    };
    private static final int TARGET_BYTES = 1200;

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: java GenerateBodies.java SECRET COUNT SENDERS OUT.tsv");
            System.exit(2);
        }
        byte[] secret = args[0].getBytes(StandardCharsets.UTF_8);
        int count = Integer.parseInt(args[1]);
        int senders = Math.max(1, Integer.parseInt(args[2]));
        Path out = Path.of(args[3]);

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        Random random = new Random(20260517L);
        long now = System.currentTimeMillis() / 1000;
        long minBytes = Long.MAX_VALUE, maxBytes = 0, total = 0;

        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < count; i++) {
                int s = i % senders;
                String phone = "49176" + String.format("%08d", 10_000_000L + s * 7_919L % 89_999_999L);
                String name = NAMES[s % NAMES.length];
                String wamid = wamid(phone, i, random);
                String skeleton = body(phone, name, wamid, now - (count - i) % 3600, "%TEXT%");
                StringBuilder text = new StringBuilder("Meldung " + (i + 1) + ": ");
                int sentence = random.nextInt(SENTENCES.length);
                while (skeleton.length() - "%TEXT%".length() + text.length() < TARGET_BYTES) {
                    text.append(SENTENCES[sentence++ % SENTENCES.length]).append(' ');
                }
                int room = TARGET_BYTES - (skeleton.length() - "%TEXT%".length());
                String json = skeleton.replace("%TEXT%", trimText(text.toString(), room));
                byte[] bytes = json.getBytes(StandardCharsets.US_ASCII);
                String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(bytes));
                w.write(signature);
                w.write('\t');
                w.write(json);
                w.write('\n');
                minBytes = Math.min(minBytes, bytes.length);
                maxBytes = Math.max(maxBytes, bytes.length);
                total += bytes.length;
            }
        }
        System.out.printf("generated %d signed bodies (%d senders), %d..%d bytes, avg %d, -> %s%n",
                count, Math.min(senders, count), minBytes, maxBytes, total / Math.max(1, count), out);
    }

    /** Cuts the text to at most max characters without splitting a \\uXXXX escape, trailing blanks removed. */
    private static String trimText(String text, int max) {
        String t = text.length() <= max ? text : text.substring(0, max);
        int slash = t.lastIndexOf('\\');
        if (slash >= 0 && t.length() - slash < 6) {
            t = t.substring(0, slash);
        }
        return t.stripTrailing();
    }

    /** A message id shaped like WhatsApp's: "wamid." + Base64 of the phone and a random 20-hex id. */
    private static String wamid(String phone, int i, Random random) {
        String id = String.format("%08X%012X", i, random.nextLong() & 0xFFFFFFFFFFFFL);
        byte[] raw = ("\u001c\u0018\r" + phone + "\u0015\u0002\u0000\u0012\u0018\u0014" + id + "\u0000")
                .getBytes(StandardCharsets.ISO_8859_1);
        return "wamid." + Base64.getEncoder().encodeToString(raw);
    }

    private static String body(String phone, String name, String wamid, long timestamp, String text) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102233445566778\",\"changes\":[{\"value\":"
                + "{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"4970511670000\","
                + "\"phone_number_id\":\"106655443322110\"},\"contacts\":[{\"profile\":{\"name\":\"" + name + "\"},"
                + "\"wa_id\":\"" + phone + "\"}],\"messages\":[{\"from\":\"" + phone + "\",\"id\":\"" + wamid + "\","
                + "\"timestamp\":\"" + timestamp + "\",\"type\":\"text\",\"text\":{\"body\":\"" + text + "\"}}]},"
                + "\"field\":\"messages\"}]}]}";
    }
}
