package de.meldeweg.privacy;

import de.meldeweg.PersonalDataTables;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * Every table of the schema (all migrations applied) is registered by exactly one feature, and
 * every table with a column that can hold personal data (encrypted values, keyed hashes, bodies,
 * photo bytes) is registered as holding personal data, with an erasure and a retention path.
 */
class PersonalDataTablesTest {

    private static List<PersonalDataTables> features() throws Exception {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AssignableTypeFilter(PersonalDataTables.class));
        List<PersonalDataTables> features = new ArrayList<>();
        for (BeanDefinition found : scan.findCandidateComponents("de.meldeweg")) {
            // tables() needs none of a feature's collaborators (e.g. ReplyTables' mail folder): each gets null
            java.lang.reflect.Constructor<?> constructor = Class.forName(found.getBeanClassName()).getDeclaredConstructors()[0];
            features.add((PersonalDataTables) constructor.newInstance(new Object[constructor.getParameterCount()]));
        }
        return features;
    }

    @Test
    void everyTableIsRegisteredAndEveryTableThatCanHoldPersonalDataHasErasureAndRetention() throws Exception {
        String url = "jdbc:h2:mem:tables-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
        Map<String, Set<String>> columns = new TreeMap<>();
        try (Connection db = DriverManager.getConnection(url, "sa", "");
             ResultSet rs = db.createStatement().executeQuery("SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS "
                     + "WHERE TABLE_SCHEMA = 'PUBLIC'")) {
            while (rs.next()) {
                columns.computeIfAbsent(rs.getString(1).toLowerCase(Locale.ROOT), t -> new TreeSet<>())
                        .add(rs.getString(2).toLowerCase(Locale.ROOT));
            }
        }
        Map<String, PersonalDataTables.Table> registered = PersonalDataTables.registered(features());

        assertThat(registered.keySet()).as("registered tables: each feature's PersonalDataTables")
                .containsAll(columns.keySet());
        List<String> unsafe = new ArrayList<>();
        columns.forEach((table, names) -> {
            boolean mayHoldPersonalData = names.stream().anyMatch(c -> c.endsWith("_enc") || c.endsWith("_hash") || c.equals("body")
                    || c.equals("content") || c.equals("message_key"));
            if (mayHoldPersonalData && !registered.get(table).personalData()) {
                unsafe.add(table + " " + names);
            }
        });
        assertThat(unsafe).as("tables with columns for personal data registered as without").isEmpty();
        assertThat(registered.values().stream().filter(PersonalDataTables.Table::personalData).map(PersonalDataTables.Table::name))
                .contains("citizen", "inbound_message", "inbound_media", "report_case", "outbound_message", "webhook_event", "erasure_audit");
    }
}
