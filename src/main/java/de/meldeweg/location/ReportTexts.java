package de.meldeweg.location;

/** The report text of a case (the citizen's texts and captions in order), as the place is read from it. */
public interface ReportTexts {

    String of(long caseId);
}
