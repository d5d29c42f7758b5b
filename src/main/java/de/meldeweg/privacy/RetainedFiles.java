package de.meldeweg.privacy;

import java.time.Instant;

/**
 * Personal data kept outside the database by another feature (processed answer mails in the
 * reply mailbox's folder): the retention purge asks each such bean to delete what arrived before
 * the cut-off, and counts it with the outbox files.
 */
public interface RetainedFiles {

    /** Deletes what arrived before {@code before}; returns how many items. */
    int purge(Instant before);
}
