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
}
