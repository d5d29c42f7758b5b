package de.meldeweg.citizen;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import de.meldeweg.privacy.PersonalDataCipher;
import de.meldeweg.privacy.PhoneNumberCipher;

/**
 * The citizens we hold contact data of. Phone number, user id and profile name are stored
 * encrypted; the phone number and the user id are found again through keyed hashes.
 */
@Repository
public class Citizens {

    private final JdbcTemplate jdbc;
    private final PersonalDataCipher cipher;
    private final PhoneNumberCipher addresses;

    public Citizens(JdbcTemplate jdbc, PersonalDataCipher cipher, PhoneNumberCipher addresses) {
        this.addresses = addresses;
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    public String phoneHash(String phone) {
        return cipher.keyedHash("phone", phone.replaceAll("\\D", ""));
    }

    public String userIdHash(String userId) {
        return cipher.keyedHash("user", userId.trim());
    }

    /** Finds the citizen by phone number or user id, creating or completing the record. */
    public long findOrCreate(Sender sender, Instant now) {
        return register(sender, now).id();
    }

    /**
     * A citizen's record, whether this message is their first contact, and the language noted
     * with the record (for a new record: the one it was created with).
     */
    public record Registration(long id, boolean firstContact, Optional<String> language) {
    }

    /** Like {@link #findOrCreate}, and tells whether the record was created just now. */
    public Registration register(Sender sender, Instant now) {
        return register(sender, now, Optional::empty, null);
    }

    /**
     * Like {@link #register(Sender, Instant)}; a new record is written at once with the language
     * of the message ({@code language}, asked only for a new record) and the time of the message
     * that opened WhatsApp's window ({@code lastInbound}, null for none): no updates right after
     * the insert.
     */
    public Registration register(Sender sender, Instant now, Supplier<Optional<String>> language, Instant lastInbound) {
        String phoneHash = Sender.present(sender.phone()) ? phoneHash(sender.phone()) : null;
        String userHash = Sender.present(sender.userId()) ? userIdHash(sender.userId()) : null;
        Optional<Known> existing = find(phoneHash, userHash);
        if (existing.isPresent()) {
            long id = existing.get().id();
            complete(id, sender, phoneHash, userHash);
            return new Registration(id, false, Optional.ofNullable(existing.get().language()));
        }
        Optional<String> noted = language.get();
        // The new row's id comes back with the insert: no second lookup by hash.
        Object[] values = {phoneHash, userHash,
                phoneHash == null ? null : addresses.encrypt(sender.phone().replaceAll("\\D", "")),
                userHash == null ? null : addresses.encrypt(sender.userId().trim()),
                cipher.encrypt(blankToNull(sender.profileName())),
                cipher.encrypt(blankToNull(sender.username())),
                Timestamp.from(now), noted.orElse(null), lastInbound == null ? null : Timestamp.from(lastInbound)};
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement("INSERT INTO citizen (phone_hash, user_id_hash, phone_enc, user_id_enc, "
                    + "profile_name_enc, username_enc, first_seen_at, language, last_inbound_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"});
            for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i]);
            }
            return insert;
        }, key);
        return new Registration(key.getKey().longValue(), true, noted);
    }

    private record Known(long id, String language) {
    }

    /** By phone number first, then by user id: two index lookups (an OR would scan the table). */
    private Optional<Known> find(String phoneHash, String userHash) {
        if (phoneHash != null) {
            List<Known> found = jdbc.query("SELECT id, language FROM citizen WHERE phone_hash = ?",
                    (rs, n) -> new Known(rs.getLong(1), rs.getString(2)), phoneHash);
            if (!found.isEmpty()) {
                return Optional.of(found.get(0));
            }
        }
        if (userHash != null) {
            return jdbc.query("SELECT id, language FROM citizen WHERE user_id_hash = ?",
                    (rs, n) -> new Known(rs.getLong(1), rs.getString(2)), userHash).stream().findFirst();
        }
        return Optional.empty();
    }

    /** Adds an identifier we did not know yet, and keeps the profile name current. */
    private void complete(long id, Sender sender, String phoneHash, String userHash) {
        if (phoneHash != null) {
            jdbc.update("UPDATE citizen SET phone_hash = ?, phone_enc = ? WHERE id = ? AND phone_hash IS NULL "
                            + "AND NOT EXISTS (SELECT 1 FROM citizen c WHERE c.phone_hash = ?)",
                    phoneHash, addresses.encrypt(sender.phone().replaceAll("\\D", "")), id, phoneHash);
        }
        if (userHash != null) {
            jdbc.update("UPDATE citizen SET user_id_hash = ?, user_id_enc = ? WHERE id = ? AND user_id_hash IS NULL "
                            + "AND NOT EXISTS (SELECT 1 FROM citizen c WHERE c.user_id_hash = ?)",
                    userHash, addresses.encrypt(sender.userId().trim()), id, userHash);
        }
        if (Sender.present(sender.profileName())) {
            jdbc.update("UPDATE citizen SET profile_name_enc = ? WHERE id = ?", cipher.encrypt(sender.profileName()), id);
        }
    }

    /** Records a message from the citizen: it opens WhatsApp's 24-hour window for free-form replies. */
    public void touchInbound(long id, Instant at) {
        jdbc.update("UPDATE citizen SET last_inbound_at = ? WHERE id = ? AND (last_inbound_at IS NULL OR last_inbound_at < ?)",
                Timestamp.from(at), id, Timestamp.from(at));
    }

    /** True once per citizen and day: the caller may send today's hint. Safe across instances. */
    public boolean claimDailyHint(long id, LocalDate today) {
        return jdbc.update("UPDATE citizen SET last_hint_on = ? WHERE id = ? AND (last_hint_on IS NULL OR last_hint_on <> ?)",
                today, id, today) == 1;
    }

    public Optional<Instant> lastInbound(long id) {
        return jdbc.queryForList("SELECT last_inbound_at FROM citizen WHERE id = ?", Timestamp.class, id)
                .stream().filter(t -> t != null).findFirst().map(Timestamp::toInstant);
    }

    /** The address WhatsApp needs to reach the citizen: phone number, or user id when there is none. */
    /**
     * Whether an address stored with a message ({@code outbound_message.to_phone_enc}) is this
     * number: the answer is yes or no, the stored number itself never leaves the citizen store.
     */
    public boolean isAddressOf(String stored, String phone) {
        try {
            return stored != null && phone.equals(addresses.decrypt(stored));
        } catch (RuntimeException e) {
            return false;
        }
    }

    public Optional<Recipient> recipient(long id) {
        return jdbc.query("SELECT phone_enc, user_id_enc FROM citizen WHERE id = ?",
                        (rs, n) -> new Recipient(addresses.decrypt(rs.getString(1)), addresses.decrypt(rs.getString(2))), id)
                .stream().findFirst();
    }

    /** One event's link to one citizen (for erasure and retention: which raw events name the citizen). */
    public record EventLink(long eventId, long citizenId) {
    }

    /** Links the events to the citizens with one statement (each link once; links there already are left as they are). */
    public void linkEvents(java.util.Collection<EventLink> links) {
        if (links.isEmpty()) {
            return;
        }
        if (links.size() == 1) {
            EventLink link = links.iterator().next();
            linkEvent(link.eventId(), link.citizenId());
            return;
        }
        StringBuilder sql = new StringBuilder("INSERT INTO webhook_event_citizen (event_id, citizen_id) SELECT v.e, v.c FROM (VALUES ");
        List<Object> args = new java.util.ArrayList<>(links.size() * 2);
        for (EventLink link : links) {
            sql.append(args.isEmpty() ? "" : ", ").append("(CAST(? AS BIGINT), CAST(? AS BIGINT))");
            args.add(link.eventId());
            args.add(link.citizenId());
        }
        sql.append(") AS v (e, c) WHERE NOT EXISTS (SELECT 1 FROM webhook_event_citizen w WHERE w.event_id = v.e AND w.citizen_id = v.c)");
        jdbc.update(sql.toString(), args.toArray());
    }

    public void linkEvent(long eventId, long citizenId) {
        jdbc.update("INSERT INTO webhook_event_citizen (event_id, citizen_id) SELECT ?, ? WHERE NOT EXISTS "
                + "(SELECT 1 FROM webhook_event_citizen WHERE event_id = ? AND citizen_id = ?)", eventId, citizenId, eventId, citizenId);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Where a WhatsApp message to the citizen goes. */
    public record Recipient(String phone, String userId) {
        @Override
        public String toString() {
            return "Recipient[personal data]";
        }
    }
}
