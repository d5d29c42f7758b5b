package de.meldeweg.location;

/** The report text of a case (the citizen's texts and captions in order), as the place is read from it. */
public interface ReportTexts {

    /**
     * Exchange property of route case-enrich that holds the report text once it was read, so that
     * screening, classification, place recognition and forwarding read and decrypt it only once.
     */
    String PROPERTY = "caseReportText";

    /**
     * Exchange property of route case-enrich: what the one read of the case found besides its text
     * ({@link Read}), set together with {@link #PROPERTY}.
     */
    String READ = "caseReportRead";

    /**
     * Exchange property of route case-enrich: what the enrichment writes besides the case row
     * (place, similar cases: {@link Writes}), run by the forwarding inside its own transaction, so
     * that a case is enriched and forwarded with one commit.
     */
    String WRITES = "caseEnrichmentWrites";

    String of(long caseId);

    /**
     * What route case-enrich reads of a case in the statement that reads its text: its reference,
     * the last location the citizen shared for it (null if none) and whether it may carry a place
     * or similar-case links of an earlier enrichment ({@code enrichedBefore}: the case row has a
     * category, or such rows exist; then they are replaced, else only inserted).
     */
    record Read(String reference, Mention shared, boolean enrichedBefore) {
    }

    /** The enrichment's writes, run inside the forwarding's transaction after the case row was updated. */
    @FunctionalInterface
    interface Writes {
        /** {@code replacing}: the case may have a place or links of an earlier enrichment, delete them first. */
        void write(boolean replacing);
    }
}
