package de.meldeweg.directory;

import java.util.List;

import org.springframework.stereotype.Component;

import de.meldeweg.PersonalDataTables;

/** The directory feature's tables and how erasure and retention treat them (see PersonalDataTables). */
@Component
public class DirectoryTables implements PersonalDataTables {

    @Override
    public List<Table> tables() {
        return List.of(
                Table.withoutPersonalData("department", "the city's department directory"),
                Table.withoutPersonalData("category", "the categories"),
                Table.withoutPersonalData("category_keyword", "the classification keywords"));
    }
}
