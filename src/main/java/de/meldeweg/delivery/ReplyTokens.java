package de.meldeweg.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import de.meldeweg.privacy.PersonalDataCipher;
import de.meldeweg.MailProperties;

/**
 * The secret that makes a department's answer count. Every mail to a department carries a token
 * of 160 bits, an HMAC (under {@code meldeweg.crypto.hash-key}) of the case, the delivery and the
 * mail's variant, so a resend of the same mail carries the same token and nobody without the key
 * can compute one. A reply keeps it in two places: the Reply-To is the plus-address
 * {@code local+<token>@domain} of the reply mailbox (unless
 * {@code meldeweg.mail.reply-to-subaddressing} is off), and the Message-ID is
 * {@code <token@mail-domain>}, which mail clients repeat in In-Reply-To and References.
 *
 * <p>Only a SHA-256 of each token is stored ({@code reply_token}, with its case), so a copy of the
 * database does not give the tokens away. Message-IDs carry neither a reference nor a counter.
 */
@Component("replyTokens")
public class ReplyTokens {

    /** 160 bits in lower-case Base32: 32 characters, which mail servers keep as they are. */
    private static final int TOKEN_BYTES = 20;
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    /** A token as a plus-address ({@code +token@}) or as the local part of a Message-ID ({@code <token@}). */
    private static final Pattern IN_ADDRESS = Pattern.compile("\\+([a-z2-7]{32})@", Pattern.CASE_INSENSITIVE);
    private static final Pattern IN_MESSAGE_ID = Pattern.compile("<([a-z2-7]{32})@[^>\\s]+>", Pattern.CASE_INSENSITIVE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final PersonalDataCipher cipher;
    private final Clock clock;
    private final String replyTo;
    private final String mailDomain;
    private final boolean subaddressing;

    public ReplyTokens(JdbcTemplate jdbc, PersonalDataCipher cipher, Clock clock,
                       MailProperties mail) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.clock = clock;
        this.replyTo = mail.replyTo().strip();
        this.mailDomain = domainOf(mail.from());
        this.subaddressing = mail.replyToSubaddressing();
        if (!this.replyTo.matches("[^@\\s+]+@[^@\\s]+")) {
            throw new IllegalArgumentException("meldeweg.mail.reply-to must be one plain address without '+' (local@domain), found '"
                    + this.replyTo + "'");
        }
    }

    /** A token that answers to this mail must carry: the same for the same case, delivery and variant. */
    public String issue(long caseId, long deliveryId, String variant) {
        String token = token(caseId, deliveryId, variant);
        String hash = hash(token);
        try {
            // One statement: a retry finds the row of its first attempt and inserts nothing.
            jdbc.update("INSERT INTO reply_token (token_hash, case_id, delivery_id, created_at) SELECT ?, ?, ?, ? "
                    + "WHERE NOT EXISTS (SELECT 1 FROM reply_token WHERE token_hash = ?)",
                    hash, caseId, deliveryId, Timestamp.from(clock.instant()), hash);
        } catch (DuplicateKeyException e) {
            // another instance sent the same mail at the same moment: the row is there
        }
        return token;
    }

    /**
     * The token of a mail whose row {@link #issue} has already written (the delivery's claim does,
     * in its transaction, before the mail is built): computed, no database statement.
     */
    String token(long caseId, long deliveryId, String variant) {
        byte[] mac = Base64.getUrlDecoder().decode(cipher.keyedHash("reply-token", caseId + "|" + deliveryId + "|" + variant));
        return base32(java.util.Arrays.copyOf(mac, TOKEN_BYTES));
    }

    /** The Message-ID of a mail that carries {@code token}. */
    public String messageId(String token) {
        return "<" + token + "@" + mailDomain + ">";
    }

    /** A Message-ID of a mail nobody needs to answer (review mail, explanation): random, no reference, no counter. */
    public String randomMessageId() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return "<" + base32(bytes) + "@" + mailDomain + ">";
    }

    /** The Reply-To of a mail that carries {@code token}: the reply mailbox's plus-address, or the mailbox itself. */
    public String replyTo(String token) {
        if (!subaddressing) {
            return replyTo;
        }
        int at = replyTo.lastIndexOf('@');
        return replyTo.substring(0, at) + "+" + token + replyTo.substring(at);
    }

    /** The case a token was issued for; empty for a token we never issued (or whose case is gone). */
    public Optional<Long> caseOf(String token) {
        return jdbc.queryForList("SELECT case_id FROM reply_token WHERE token_hash = ?", Long.class, hash(token.toLowerCase(Locale.ROOT)))
                .stream().findFirst();
    }

    /** The token-shaped strings in header values (plus-addresses and Message-IDs), in order, each once. */
    public static List<String> candidates(List<String> headerValues) {
        Set<String> found = new LinkedHashSet<>();
        for (String value : headerValues) {
            if (value == null) {
                continue;
            }
            for (Pattern pattern : List.of(IN_ADDRESS, IN_MESSAGE_ID)) {
                Matcher m = pattern.matcher(value);
                while (m.find()) {
                    found.add(m.group(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        return List.copyOf(found);
    }

    /** The domain of our own mails' Message-IDs. */
    public String mailDomain() {
        return mailDomain;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    static String domainOf(String address) {
        String a = address == null ? "" : address.strip();
        int lt = a.lastIndexOf('<');
        if (lt >= 0 && a.endsWith(">")) {
            a = a.substring(lt + 1, a.length() - 1);
        }
        int at = a.lastIndexOf('@');
        return at < 0 ? "meldeweg.invalid" : a.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
