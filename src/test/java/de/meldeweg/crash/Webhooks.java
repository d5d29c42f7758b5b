package de.meldeweg.crash;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds validly signed WhatsApp Cloud API webhook bodies in exactly Meta's shape (compact JSON,
 * non-ASCII escaped as \\uXXXX): text messages with unique ids from a small set of citizens with
 * random phone numbers, alone or batched, and re-batches of already sent messages.
 */
final class Webhooks {

    static final String PHONE_NUMBER_ID = "106655443322110";

    /** A citizen as WhatsApp identifies them. Phone and name are personal data the log must never show. */
    record Citizen(String phone, String name) {
    }

    /** One message: WhatsApp id, sender, the text as stored after JSON decoding, and a unique token in it. */
    record Message(String id, Citizen from, String token, String text, String jsonText) {
    }

    /** One webhook POST: exact body bytes and their signature. Equal bodies are equal webhooks. */
    record Webhook(String body, String signature, List<Message> messages) {
        byte[] bytes() {
            return body.getBytes(StandardCharsets.UTF_8);
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final String appSecret;
    private final String nonce;
    private final List<Citizen> citizens = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final long timestamp = System.currentTimeMillis() / 1000;

    Webhooks(String appSecret, int citizenCount) {
        this.appSecret = appSecret;
        byte[] seed = new byte[4];
        random.nextBytes(seed);
        this.nonce = HexFormat.of().formatHex(seed);
        Set<String> phones = new LinkedHashSet<>();
        while (phones.size() < citizenCount) {
            // German mobile numbers that cannot occur in the log by chance (no ports, pids, dates).
            phones.add("49157" + String.format("%08d", 10_000_000 + random.nextInt(90_000_000)));
        }
        for (String phone : phones) {
            citizens.add(new Citizen(phone, "Testperson " + randomLetters(8)));
        }
    }

    List<Citizen> citizens() {
        return citizens;
    }

    /** A new webhook with 1 message, or (every fifth) a batch of 2 to 4; some batches from two citizens. */
    Webhook fresh(java.util.random.RandomGenerator rnd) {
        int count = rnd.nextInt(5) == 0 ? 2 + rnd.nextInt(3) : 1;
        Citizen first = citizens.get(rnd.nextInt(citizens.size()));
        Citizen second = rnd.nextInt(3) == 0 ? citizens.get(rnd.nextInt(citizens.size())) : first;
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(newMessage(i % 2 == 0 ? first : second));
        }
        return webhook(messages);
    }

    /** A new webhook that carries an already sent message again, together with a new one. */
    Webhook rebatch(Message old, java.util.random.RandomGenerator rnd) {
        List<Message> messages = new ArrayList<>();
        messages.add(old);
        messages.add(newMessage(citizens.get(rnd.nextInt(citizens.size()))));
        return webhook(messages);
    }

    private Message newMessage(Citizen from) {
        long n = sequence.incrementAndGet();
        String token = "ct-" + nonce + "-" + n;
        String id = "wamid." + Base64.getEncoder().encodeToString(
                ("HBgN" + from.phone() + "FQIAEhgU" + token.toUpperCase()).getBytes(StandardCharsets.US_ASCII));
        String text = "Meldung " + token + ": Stra\u00dfenlaterne am Marktplatz defekt \u2013 bitte pr\u00fcfen";
        return new Message(id, from, token, text, escape(text));
    }

    private Webhook webhook(List<Message> messages) {
        Set<Citizen> senders = new LinkedHashSet<>();
        messages.forEach(m -> senders.add(m.from()));
        StringBuilder json = new StringBuilder(512);
        json.append("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102233445566778\",\"changes\":[{\"value\":{")
                .append("\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"4970511670000\",")
                .append("\"phone_number_id\":\"").append(PHONE_NUMBER_ID).append("\"},\"contacts\":[");
        boolean firstContact = true;
        for (Citizen c : senders) {
            json.append(firstContact ? "" : ",").append("{\"profile\":{\"name\":\"").append(escape(c.name()))
                    .append("\"},\"wa_id\":\"").append(c.phone()).append("\"}");
            firstContact = false;
        }
        json.append("],\"messages\":[");
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            json.append(i == 0 ? "" : ",").append("{\"from\":\"").append(m.from().phone()).append("\",\"id\":\"")
                    .append(m.id()).append("\",\"timestamp\":\"").append(timestamp)
                    .append("\",\"type\":\"text\",\"text\":{\"body\":\"").append(m.jsonText()).append("\"}}");
        }
        json.append("]},\"field\":\"messages\"}]}]}");
        String body = json.toString();
        return new Webhook(body, sign(body.getBytes(StandardCharsets.UTF_8), appSecret), List.copyOf(messages));
    }

    static String sign(byte[] body, String secret) {
        return "sha256=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    /** The service's message_key: HMAC-SHA256 with the hash key over "wamid", 0, id; Base64url without padding. */
    static String messageKey(byte[] hashKey, String wamid) {
        byte[] domain = "wamid".getBytes(StandardCharsets.UTF_8);
        byte[] id = wamid.getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[domain.length + 1 + id.length];
        System.arraycopy(domain, 0, input, 0, domain.length);
        System.arraycopy(id, 0, input, domain.length + 1, id.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(hashKey, input));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JSON string content as Meta writes it: ASCII only, everything else as \\uXXXX. */
    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private String randomLetters(int n) {
        StringBuilder s = new StringBuilder(n);
        s.append((char) ('A' + random.nextInt(26)));
        for (int i = 1; i < n; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }
}
