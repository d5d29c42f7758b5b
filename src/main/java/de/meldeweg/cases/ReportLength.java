package de.meldeweg.cases;

/**
 * Keeps a report within meldeweg.case.max-report-chars. A flood of long messages in one grouping
 * window must not make a case that cannot be stored or mailed; the department sees that and how
 * much was left out.
 */
public final class ReportLength {

    private ReportLength() {
    }

    /** The report itself when short enough; otherwise its beginning and "[… gekürzt, N Zeichen]" (N characters left out). */
    public static String capped(String report, int maxChars) {
        if (report == null || report.length() <= maxChars) {
            return report;
        }
        int cut = maxChars;
        // never split a surrogate pair (emoji)
        if (cut > 0 && Character.isHighSurrogate(report.charAt(cut - 1))) {
            cut--;
        }
        return report.substring(0, cut) + "\n\n[… gekürzt, " + (report.length() - cut) + " Zeichen]";
    }
}
