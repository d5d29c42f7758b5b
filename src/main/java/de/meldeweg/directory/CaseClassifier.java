package de.meldeweg.directory;

/**
 * Maps the text of one case (all the citizen's texts and photo captions, joined by newlines) to
 * exactly one category code of the department directory. Never fails and never drops a report:
 * whatever it cannot place is {@code ALLGEMEIN}.
 */
public interface CaseClassifier {

    /** Category for anything unclear; reports are never silently dropped. */
    String GENERAL = "ALLGEMEIN";

    /** Praise, thanks, suggestions and ideas. */
    String PRAISE = "LOB_ANREGUNG";

    Classification classify(String text);

    /**
     * The same, for a text whose emergency check is already done ({@code urgent}: the case's urgent flag
     * as case screening set it), so that a classifier that looks at emergencies need not check again.
     * Must give what {@link #classify(String)} gives when {@code urgent} is that check's answer.
     */
    default Classification classify(String text, boolean urgent) {
        return classify(text);
    }

    /**
     * The same, for a text an earlier step already read ({@code read}, e.g. case screening's reading of the case's
     * text), so that a classifier that reads texts the same way need not read it again.
     */
    default Classification classify(ReadText read, boolean urgent) {
        return classify(read.text(), urgent);
    }
}
