package de.meldeweg.directory;

/**
 * A text as an earlier step already read it (for the safety lists and the trained classifier: its words in
 * the lists' spelling), handed on so that a later step does not read it again. {@link #text()} is the text itself.
 */
public interface ReadText {

    /** The text that was read. */
    String text();
}
