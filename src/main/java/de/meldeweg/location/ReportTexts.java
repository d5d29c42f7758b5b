package de.meldeweg.location;

/** The report text of a case (the citizen's texts and captions in order), as the place is read from it. */
public interface ReportTexts {

    /**
     * Exchange property of route case-enrich that holds the report text once it was read, so that
     * screening, classification, place recognition and forwarding read and decrypt it only once.
     */
    String PROPERTY = "caseReportText";

    /**
     * Exchange property of route case-enrich: what the enrichment writes besides the case row
     * (place, similar cases, language), run by the forwarding inside its own transaction, so that
     * a case is enriched and forwarded with one commit.
     */
    String WRITES = "caseEnrichmentWrites";

    String of(long caseId);
}
