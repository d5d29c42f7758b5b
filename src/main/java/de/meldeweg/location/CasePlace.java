package de.meldeweg.location;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the department learns about a case's place and context, for the mail and the ticket.
 *
 * @param label      {@code Bischofstraße 12, 75365 Calw}, a place's or district's name, or null when none was named
 * @param alsoNamed  further places named in the text, comma-separated, or null
 * @param similar    references of earlier open cases of the same category at the same place
 * @param language   the citizen's language in German ("Englisch")
 */
public record CasePlace(String label, Double latitude, Double longitude, String alsoNamed, List<String> similar, String language) {

    public static final String NONE = "keine Angabe in der Meldung";

    public boolean known() {
        return label != null;
    }

    public boolean hasCoordinates() {
        return latitude != null && longitude != null;
    }

    public String mapUrl() {
        return hasCoordinates() ? Mention.mapUrl(latitude, longitude) : null;
    }

    /** The "Ort" line: the place, the others named, and the map link when coordinates are known. */
    public String locationLine() {
        if (!known()) {
            return NONE;
        }
        StringBuilder line = new StringBuilder(label);
        if (alsoNamed != null) {
            line.append(" (im Text auch: ").append(alsoNamed).append(')');
        }
        return line.toString();
    }

    /** "Ähnliche Meldungen: WK-2026-000041, WK-2026-000043", or empty. */
    public String similarNote() {
        return similar.isEmpty() ? "" : "Ähnliche Meldungen: " + String.join(", ", similar)
                + " (gleiche Kategorie, gleicher Ort, noch offen)";
    }

    /** The placeholders of the department mail templates. */
    public Map<String, String> mailValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("location", locationLine());
        values.put("mapUrl", hasCoordinates() ? mapUrl() : "-");
        values.put("similarNote", similarNote());
        values.put("language", language);
        return values;
    }

    /** Notes for the ticket text (which has no placeholders of its own for them). */
    public String ticketNote() {
        StringBuilder note = new StringBuilder();
        if (!similar.isEmpty()) {
            note.append(similarNote()).append('\n');
        }
        note.append("Sprache der Meldung: ").append(language);
        return note.toString();
    }
}
