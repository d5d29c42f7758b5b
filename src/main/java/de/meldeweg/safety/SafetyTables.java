package de.meldeweg.safety;

import java.util.List;

import org.springframework.stereotype.Component;

import de.meldeweg.PersonalDataTables;

/** The safety feature's tables and how erasure and retention treat them (see PersonalDataTables). */
@Component
public class SafetyTables implements PersonalDataTables {

    @Override
    public List<Table> tables() {
        return List.of(
                Table.personal("case_review", "deleted with the case", "with its case"),
                Table.personal("flood_throttle", "deleted with the citizen", "after the flood window"));
    }
}
