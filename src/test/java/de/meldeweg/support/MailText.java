package de.meldeweg.support;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

/** The decoded text/plain parts of a received mail, as a department's mail client shows them. */
public final class MailText {

    private MailText() {
    }

    public static String plain(MimeMessage mail) {
        try {
            return plain(mail.getContent());
        } catch (Exception e) {
            throw new IllegalStateException("unreadable mail", e);
        }
    }

    private static String plain(Object content) throws Exception {
        if (content instanceof Multipart multipart) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.getContent() instanceof Multipart || part.isMimeType("text/plain")) {
                    text.append(plain(part.getContent()));
                }
            }
            return text.toString();
        }
        return String.valueOf(content);
    }
}
