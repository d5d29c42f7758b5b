package de.meldeweg.citizen;

import java.util.List;

import org.springframework.stereotype.Component;

import de.meldeweg.PersonalDataTables;

/** The citizen feature's tables and how erasure and retention treat them (see PersonalDataTables). */
@Component
public class CitizenTables implements PersonalDataTables {

    @Override
    public List<Table> tables() {
        return List.of(
                Table.personal("citizen", "deleted", "after the last case closed and meldeweg.retention.after-closed of quiet"));
    }
}
