package de.meldeweg.location;

import java.util.List;

import org.springframework.stereotype.Component;

import de.meldeweg.PersonalDataTables;

/** The location feature's tables and how erasure and retention treat them (see PersonalDataTables). */
@Component
public class LocationTables implements PersonalDataTables {

    @Override
    public List<Table> tables() {
        return List.of(
                Table.personal("case_location", "deleted explicitly for cases kept without personal content, else with the case",
                        "with its case (ON DELETE CASCADE)"),
                Table.withoutPersonalData("case_similar", "links two case ids; goes with either case (ON DELETE CASCADE)"));
    }
}
