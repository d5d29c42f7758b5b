package de.meldeweg.cases;

import java.util.List;

import org.springframework.stereotype.Component;

import de.meldeweg.PersonalDataTables;

/** The cases feature's tables and how erasure and retention treat them (see PersonalDataTables). */
@Component
public class CaseTables implements PersonalDataTables {

    @Override
    public List<Table> tables() {
        return List.of(
                Table.personal("report_case", "dropped, or kept without report and citizen when a department has it",
                        "after meldeweg.retention.after-closed, any after max-age; counted into case_statistics first"),
                Table.withoutPersonalData("case_reference_counter", "one counter per year"),
                Table.withoutPersonalData("case_statistics", "anonymous counts per month, category and department"),
                Table.withoutPersonalData("case_statistics_case", "anonymous per-case figures (day, category, department, durations): no reference, text or citizen"));
    }
}
