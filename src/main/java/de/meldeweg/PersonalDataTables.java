package de.meldeweg;

import java.util.List;

/**
 * Implemented once by each feature for the database tables it owns: which of them hold personal
 * data, and how erasure ("Löschen") and the retention purge deal with each. {@code privacy.Erasure} and
 * {@code privacy.RetentionPurge} collect every registration ({@link #registered}); {@code PersonalDataTablesTest}
 * fails for any table of the schema that no feature registered, so a new table cannot be forgotten.
 */
public interface PersonalDataTables {

    /** The feature's tables. */
    List<Table> tables();

    /**
     * Personal data the feature keeps outside the database (files, mail folders): removes what is
     * older than {@code before} and tells how many items went. The retention purge calls it with
     * its {@code after-closed} limit.
     */
    default int purgeOutsideTheDatabase(java.time.Instant before) {
        return 0;
    }

    /**
     * One table. {@code erasure} and {@code retention} say what happens to its rows; a table
     * without personal data says so in {@code retention} and leaves {@code erasure} empty.
     */
    record Table(String name, boolean personalData, String erasure, String retention) {
        public Table {
            if (personalData && (erasure == null || erasure.isBlank() || retention == null || retention.isBlank())) {
                throw new IllegalArgumentException("table " + name + " holds personal data: it needs an erasure and a retention path");
            }
        }

        public static Table personal(String name, String erasure, String retention) {
            return new Table(name, true, erasure, retention);
        }

        public static Table withoutPersonalData(String name, String why) {
            return new Table(name, false, "", why);
        }
    }

    /** Every table of every feature, by name (lower case); a table registered twice is an error. */
    static java.util.Map<String, Table> registered(List<PersonalDataTables> features) {
        java.util.Map<String, Table> all = new java.util.TreeMap<>();
        for (PersonalDataTables feature : features) {
            for (Table table : feature.tables()) {
                if (all.put(table.name().toLowerCase(java.util.Locale.ROOT), table) != null) {
                    throw new IllegalStateException("table " + table.name() + " is registered by two features");
                }
            }
        }
        return all;
    }
}
