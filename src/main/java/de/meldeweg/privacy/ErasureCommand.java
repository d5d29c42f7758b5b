package de.meldeweg.privacy;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recognises the citizen's "Löschen" command in a text message, and near-misses that look like
 * a wish to delete.
 *
 * <p>The command is a message that consists of the word alone: surrounding spaces, punctuation
 * and symbols (emoji) do not count, case does not matter, {@code ö} may be written {@code oe}.
 * Anything else never erases: an erasure cannot be undone, so it needs no guessing.
 *
 * <p>A near-miss ({@link Verdict#WISH}) is a short message (at most {@value #WISH_MAX_WORDS}
 * words) with a word of deleting ({@code löschen}, {@code lösche}, {@code loschen},
 * {@code entfernen}, {@code delete}, {@code erase}, {@code remove} ...) whose other words all
 * speak of the citizen's own data or are polite filler ({@code bitte meine Daten}, {@code alles},
 * {@code mich}, {@code please my data}, {@code wie kann ich} ...). It gets a hint how to erase,
 * and does not become a report. As soon as one word names something else ("Graffiti", "Brücke",
 * "Müll"), the message is a report like any other.
 */
public final class ErasureCommand {

    public enum Verdict {
        /** The message is the command: erase everything of the sender. */
        COMMAND,
        /** Looks like a wish to delete the sender's data: answer with how to do it. */
        WISH,
        /** An ordinary message. */
        NONE
    }

    static final int WISH_MAX_WORDS = 12;

    private static final String COMMAND_WORD = "loeschen";

    private static final Set<String> DELETE_WORDS = Set.of(
            "loeschen", "loesche", "loescht", "loeschung", "geloescht", "loschen", "losche", "loscht",
            "entfernen", "entferne", "entfernt", "delete", "deleted", "erase", "erased", "remove", "removed");

    private static final Set<String> DATA_WORDS = Set.of(
            "daten", "meine", "mein", "meinen", "meiner", "meines", "mich", "mir", "alle", "alles", "saemtliche",
            "chat", "chatverlauf", "verlauf", "nachrichten", "nachricht", "nummer", "telefonnummer", "handynummer",
            "kontakt", "kontaktdaten", "konto", "profil", "name", "namen", "angaben", "informationen", "infos",
            "personenbezogene", "personenbezogenen", "gespeicherten", "gespeichert", "foto", "fotos", "bild", "bilder",
            "whatsapp", "komplett", "vollstaendig", "endgueltig", "sofort", "jetzt",
            "my", "me", "data", "all", "everything", "messages", "message", "history", "number", "phone", "contact",
            "account", "profile", "personal", "information", "info", "stored", "photo", "photos", "pictures", "now");

    private static final Set<String> FILLER_WORDS = Set.of(
            "bitte", "ich", "moechte", "mochte", "will", "wollen", "wuerde", "wuerden", "koennen", "konnen", "kann",
            "koennten", "koennte", "lassen", "sie", "ihr", "euch", "uns", "bei", "ihnen", "von", "und", "auch", "mal",
            "doch", "gern", "gerne", "danke", "hiermit", "wie", "was", "muss", "das", "die", "der", "den", "dem", "zu",
            "please", "pls", "plz", "i", "want", "would", "like", "to", "you", "can", "could", "how", "do", "does",
            "the", "of", "and", "from", "your", "thanks", "thank", "hallo", "hi", "hello");

    private ErasureCommand() {
    }

    public static Verdict judge(String text) {
        if (text == null || text.isBlank()) {
            return Verdict.NONE;
        }
        String normal = normalize(text);
        String bare = normal.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
        if (COMMAND_WORD.equals(bare)) {
            return Verdict.COMMAND;
        }
        List<String> words = Arrays.stream(normal.split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty() || words.size() > WISH_MAX_WORDS || words.stream().noneMatch(DELETE_WORDS::contains)) {
            return Verdict.NONE;
        }
        boolean onlyAboutOwnData = words.stream()
                .allMatch(w -> DELETE_WORDS.contains(w) || DATA_WORDS.contains(w) || FILLER_WORDS.contains(w));
        return onlyAboutOwnData ? Verdict.WISH : Verdict.NONE;
    }

    /** Lower case, composed umlauts written out ({@code Lö} and {@code Lo\u0308} alike become {@code loe}). */
    static String normalize(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT)
                .replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss");
    }
}
