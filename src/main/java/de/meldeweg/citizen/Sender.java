package de.meldeweg.citizen;

/**
 * Who wrote a message, as WhatsApp tells us: a phone number ({@code wa_id}/{@code from}), a
 * business-scoped user id ({@code from_user_id}/{@code user_id}), or both; plus profile data.
 * Personal data: never log it, never put it in an exception message.
 */
public record Sender(String phone, String userId, String profileName, String username) {

    public boolean identified() {
        return present(phone) || present(userId);
    }

    static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    @Override
    public String toString() {
        return "Sender[personal data]";
    }
}
