package de.meldeweg.privacy;

import de.meldeweg.PersonalDataTables;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

/** The privacy feature's own tables, and Quartz's (the purge's schedule). */
@Component
public class PrivacyTables implements PersonalDataTables {

    private static final List<String> QUARTZ = List.of("QRTZ_BLOB_TRIGGERS", "QRTZ_CALENDARS", "QRTZ_CRON_TRIGGERS", "QRTZ_FIRED_TRIGGERS",
            "QRTZ_JOB_DETAILS", "QRTZ_LOCKS", "QRTZ_PAUSED_TRIGGER_GRPS", "QRTZ_SCHEDULER_STATE", "QRTZ_SIMPLE_TRIGGERS",
            "QRTZ_SIMPROP_TRIGGERS", "QRTZ_TRIGGERS");

    @Override
    public List<Table> tables() {
        return Stream.concat(Stream.of(
                Table.personal("erasure_audit", "is the proof of the erasure: keyed hashes and counts, no content",
                        "after meldeweg.retention.audit-after (three years)"),
                Table.personal("erased_message", "keyed hashes of the erased message ids, so a redelivery does not bring them back",
                        "after the redelivery window (Erasure.KEEP_ERASED_KEYS), with its audit row at the latest"),
                Table.withoutPersonalData("retention_run", "when each purge ran and how many rows it removed"),
                Table.withoutPersonalData("flyway_schema_history", "the applied migrations")),
                QUARTZ.stream().map(t -> Table.withoutPersonalData(t, "the purge's Quartz schedule"))).toList();
    }
}
