package de.meldeweg.console;

import java.util.List;

import org.springframework.stereotype.Component;

import de.meldeweg.PersonalDataTables;

/**
 * The console's tables (see PersonalDataTables). They hold staff sign-in names and case
 * references, no citizen's data; their retention is the console's own (docs of the console).
 */
@Component
public class ConsoleTables implements PersonalDataTables {

    @Override
    public List<Table> tables() {
        return List.of(
                Table.withoutPersonalData("console_audit", "who of the staff did what to which case reference; no citizen's data; "
                        + "removed by the retention purge after meldeweg.retention.console-audit-after"),
                Table.personal("console_account", "a staff account (name, bcrypt hash), no citizen's data: removed by an admin",
                        "the development mode's local account, kept while it is used"));
    }
}
