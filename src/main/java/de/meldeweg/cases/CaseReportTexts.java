package de.meldeweg.cases;

import org.springframework.stereotype.Component;

import de.meldeweg.location.ReportTexts;

/** Gives the place recognition the report text of a case, as the department gets it (before masking). */
@Component
class CaseReportTexts implements ReportTexts {

    private final CaseForwarding forwarding;

    CaseReportTexts(CaseForwarding forwarding) {
        this.forwarding = forwarding;
    }

    @Override
    public String of(long caseId) {
        return forwarding.reportText(caseId);
    }
}
