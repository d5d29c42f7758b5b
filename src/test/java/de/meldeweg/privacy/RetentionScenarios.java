package de.meldeweg.privacy;

import static de.meldeweg.support.Payloads.newWamid;
import static de.meldeweg.support.Payloads.text;
import static de.meldeweg.support.Payloads.typed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.micrometer.core.instrument.MeterRegistry;

import de.meldeweg.support.Fixtures;
import de.meldeweg.support.PipelineContext;
import de.meldeweg.support.Payloads;
import de.meldeweg.support.PersonalDataSearch;

/**
 * The retention purge leaves nothing of a citizen whose time is up, in any table, outbox file or
 * log line, keeps what is still in use, and keeps anonymous monthly counts. Runs on H2 and PostgreSQL.
 * The purge is started directly here; {@code RetentionClusterTest} proves the Quartz schedule.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class RetentionScenarios extends PipelineContext {

    static final ZoneId CITY = ZoneId.of("Europe/Berlin");

    @Autowired
    RetentionPurge purge;
    @Autowired
    DataSource dataSource;
    @Autowired
    MeterRegistry meters;

    @Test
    void nothingOfACitizenRemainsAfterThePurgeWhileARecentOpenCaseStaysIntact(CapturedOutput output) throws Exception {
        String phone = "4915112345691";
        String name = "Henrike Wanninger";
        String report = "Der Gully in der Lederstraße ist seit gestern verstopft";
        String second = "Das Wasser steht schon knoecheltief";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, name,
                text(phone, newWamid(), report), text(phone, newWamid(), second),
                typed(phone, newWamid(), "sticker", "{\"mime_type\": \"image/webp\", \"sha256\": \"abc\", \"id\": \"9876\"}")));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM delivery WHERE state = 'DELIVERED'") == 2
                && count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'RECEIPT' AND state = 'OUTBOX'") == 1);
        long citizen = citizenByPhone(phone);
        Map<String, Object> closedCase = jdbc.queryForMap("SELECT reference, category_code, dept_key, created_at FROM report_case WHERE citizen_id = ?", citizen);
        String reference = (String) closedCase.get("reference");
        long caseId = jdbc.queryForObject("SELECT id FROM report_case WHERE reference = ?", Long.class, reference);
        assertThat(count("SELECT COUNT(*) FROM case_location WHERE case_id = ? AND name = 'Lederstraße'", caseId)).isEqualTo(1);

        // The admin closes the case: only with the token, only once.
        assertThat(closeCase(reference, null).statusCode()).isEqualTo(401);
        assertThat(closeCase(reference, ADMIN_TOKEN).statusCode()).isEqualTo(200);
        assertThat(closeCase(reference, ADMIN_TOKEN).statusCode()).isEqualTo(409);
        assertThat(closeCase("WK-1999-000001", ADMIN_TOKEN).statusCode()).isEqualTo(404);
        assertThat(count("SELECT COUNT(*) FROM report_case WHERE reference = ? AND state = 'CLOSED' AND closed_at IS NOT NULL", reference)).isEqualTo(1);

        PersonalDataSearch henrike = PersonalDataSearch.in(dataSource, cipher).phone(phone).text(name, report, second);
        assertThat(lowerCase(henrike.findings(outboxDir(), output.getAll()))).as("her data is there before the purge")
                .anyMatch(f -> f.startsWith("citizen.")).anyMatch(f -> f.startsWith("inbound_message."))
                .anyMatch(f -> f.startsWith("report_case.")).anyMatch(f -> f.startsWith("mail"));
        // webhook bodies are encrypted at rest: the search of raw columns no longer finds her in them; the events are there
        assertThat(count("SELECT COUNT(*) FROM webhook_event")).isPositive();

        // Forty days pass for her (closed longer than after-closed = P30D, her events long processed).
        ageCitizen(citizen, Duration.ofDays(40));
        ageOutboxFiles(henrike.findingsInFiles(outboxDir()), Duration.ofDays(40));

        // Meanwhile another citizen reports something: recent and open, it must stay as it is.
        String otherPhone = "4915112345692";
        String otherReport = "Am Spielplatz Hohe Steig ist die Schaukel abgerissen";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, otherPhone, "Jonas Brenneisen", text(otherPhone, newWamid(), otherReport)));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM report_case WHERE report_enc IS NOT NULL AND citizen_id <> ?", citizen) == 1);
        long other = citizenByPhone(otherPhone);
        Map<String, Object> openBefore = jdbc.queryForMap("SELECT reference, report_enc, state FROM report_case WHERE citizen_id = ?", other);

        RetentionPurge.Report result = purge.run(null);

        assertThat(henrike.findings(outboxDir(), output.getAll())).as("nothing of her after the purge").isEmpty();
        assertThat(count("SELECT COUNT(*) FROM citizen WHERE id = ?", citizen)).isZero();
        assertThat(count("SELECT COUNT(*) FROM report_case WHERE reference = ?", reference)).isZero();
        assertThat(count("SELECT COUNT(*) FROM case_location WHERE case_id = ?", caseId)).isZero();
        assertThat(result.removed("cases")).isEqualTo(1);
        assertThat(result.removed("citizens")).isEqualTo(1);
        assertThat(result.removed("messages")).isEqualTo(3);
        assertThat(result.failures()).isEmpty();

        // The other citizen's open case, messages and contact are untouched.
        Map<String, Object> openAfter = jdbc.queryForMap("SELECT reference, report_enc, state FROM report_case WHERE citizen_id = ?", other);
        assertThat(openAfter.get("reference")).isEqualTo(openBefore.get("reference"));
        assertThat(cipher.decrypt((String) openAfter.get("report_enc"))).contains(otherReport);
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE citizen_id = ?", other)).isEqualTo(1);
        assertThat(lowerCase(PersonalDataSearch.in(dataSource, cipher).phone(otherPhone).text(otherReport).findingsInDatabase()))
                .anyMatch(f -> f.startsWith("citizen.")).anyMatch(f -> f.startsWith("inbound_message.")).anyMatch(f -> f.startsWith("report_case."));

        // What remains of her case: one anonymous count in its month, category and department.
        LocalDate month = toInstant(closedCase.get("created_at")).minus(Duration.ofDays(40)).atZone(CITY).toLocalDate().withDayOfMonth(1);
        assertThat(jdbc.queryForList("SELECT report_month, category_code, dept_key, reports, urgent_reports FROM case_statistics"))
                .singleElement().satisfies(row -> {
                    assertThat(row.get("report_month").toString()).isEqualTo(month.toString());
                    assertThat(row.get("category_code")).isEqualTo(closedCase.get("category_code"));
                    assertThat(row.get("dept_key")).isEqualTo(closedCase.get("dept_key"));
                    assertThat(((Number) row.get("reports")).intValue()).isEqualTo(1);
                    assertThat(((Number) row.get("urgent_reports")).intValue()).isZero();
                });

        // The run is recorded, logged as one line of counts, and counted in the metrics.
        assertThat(jdbc.queryForMap("SELECT cases, citizens, outcome, finished_at FROM retention_run"))
                .containsEntry("outcome", "OK").satisfies(run -> assertThat(run.get("finished_at")).isNotNull());
        assertThat(output.getAll()).containsPattern("Retention purge \\d+: removed 1 cases, 3 messages, 0 photos, \\d+ WhatsApp messages, "
                + "1 citizens, \\d+ webhook events, 0 WhatsApp errors, \\d+ outbox files, \\d+ erasure audit rows, \\d+ console audit rows in \\d+ batches");
        assertThat(meters.counter("meldeweg.retention.purged", "kind", "citizens").count()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void anythingOlderThanTheMaximumAgeGoesWhateverItsState() {
        // A case that was never closed (forwarded, waiting), with a photo and a pending reply, all 181 days old.
        Instant old = Instant.now().minus(Duration.ofDays(181));
        long stale = insertCitizen("4915112345693", "Waltraud Ebinger", old);
        long staleCase = insertCase(stale, "WK-2026-900001", "FORWARDED", "Der Brunnen am Marktplatz läuft über", old, null, true);
        long message = insertMessage(stale, staleCase, "text", true, "Der Brunnen am Marktplatz läuft über", old);
        jdbc.update("INSERT INTO inbound_media (message_id, media_id, state, content, mime, next_attempt_at) VALUES (?, '777', 'FETCHED', ?, 'image/jpeg', ?)",
                message, "JPEG-Bytes von Waltraud Ebinger".getBytes(), Timestamp.from(old));
        insertOutbound(stale, "PENDING", "Antwort an Waltraud Ebinger", old);
        insertEvent("FAILED", "{\"from\": \"4915112345693\", \"text\": \"Waltraud Ebinger\"}", old, null);

        // Ten days old and open: stays.
        Instant recent = Instant.now().minus(Duration.ofDays(10));
        long current = insertCitizen("4915112345694", "Gottlieb Kienzle", recent);
        long currentCase = insertCase(current, "WK-2026-900002", "FORWARDED", "Die Hecke am Radweg ragt weit hinein", recent, null, false);
        insertMessage(current, currentCase, "text", true, "Die Hecke am Radweg ragt weit hinein", recent);

        RetentionPurge.Report result = purge.run(null);

        assertThat(PersonalDataSearch.in(dataSource, cipher).phone("4915112345693").text("Waltraud", "Ebinger", "Brunnen am Marktplatz")
                .findingsInDatabase()).isEmpty();
        assertThat(result.removed("cases")).isEqualTo(1);
        assertThat(result.removed("media")).isEqualTo(1);
        assertThat(result.removed("events")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM report_case WHERE id = ?", currentCase)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE citizen_id = ?", current)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM citizen WHERE id = ?", current)).isEqualTo(1);
        assertThat(count("SELECT SUM(urgent_reports) FROM case_statistics WHERE category_code = 'WASSER'")).isEqualTo(1);
        // and one anonymous row for the console's statistics: day, category, urgent, held, durations; never answered.
        assertThat(jdbc.queryForList("SELECT report_day, category_code, urgent, held, answer_minutes, answered_in_time FROM case_statistics_case"))
                .singleElement().satisfies(row -> {
                    assertThat(row.get("report_day").toString()).isEqualTo(old.atZone(CITY).toLocalDate().toString());
                    assertThat(row.get("category_code")).isEqualTo("WASSER");
                    assertThat(row.get("urgent")).isEqualTo(true);
                    assertThat(row.get("held")).isEqualTo(false);
                    assertThat(row.get("answer_minutes")).isNull();
                    assertThat(row.get("answered_in_time")).isEqualTo(false);
                });
    }

    @Test
    void rawEventsGoAfterTheSafetyPeriodWhileDeduplicationStillWorks() {
        Instant eightDays = Instant.now().minus(Duration.ofDays(8));
        Instant sixDays = Instant.now().minus(Duration.ofDays(6));
        insertEvent("PROCESSED", "{\"n\": \"processed 8 days ago\"}", eightDays, eightDays);
        insertEvent("IGNORED", "{\"n\": \"ignored 8 days ago\"}", eightDays, eightDays);
        long recentEvent = insertEvent("PROCESSED", "{\"n\": \"processed 6 days ago\"}", sixDays, sixDays);
        long failedEvent = insertEvent("FAILED", "{\"n\": \"failed, for an admin\"}", eightDays, null);
        jdbc.update("INSERT INTO whatsapp_error (source, code, title, recorded_at) VALUES ('webhook', 131000, 'old', ?)", Timestamp.from(eightDays));
        jdbc.update("INSERT INTO whatsapp_error (source, code, title, recorded_at) VALUES ('webhook', 131000, 'recent', ?)", Timestamp.from(sixDays));

        // A sticker (remembered only for deduplication) eight and six days ago.
        String phone = "4915112345695";
        long citizen = insertCitizen(phone, "Sieglinde Haag", sixDays);
        String oldSticker = newWamid();
        String recentSticker = newWamid();
        insertSeen(citizen, messageKey(oldSticker), eightDays);
        insertSeen(citizen, messageKey(recentSticker), sixDays);

        // What an erasure keeps so that Meta's redeliveries do not bring the citizen back: 15 and 6 days old.
        jdbc.update("INSERT INTO erasure_audit (erased_at, messages, photos, cases_dropped, cases_kept, deliveries_dropped, "
                + "whatsapp_messages, webhook_events, ticket_notes, outbox_files) VALUES (?, 1, 0, 0, 0, 0, 0, 1, 0, 0)",
                Timestamp.from(sixDays));
        long audit = jdbc.queryForObject("SELECT MAX(id) FROM erasure_audit", Long.class);
        jdbc.update("INSERT INTO erased_message (message_key, erasure_id, erased_at) VALUES (?, ?, ?)", messageKey(newWamid()), audit,
                Timestamp.from(Instant.now().minus(Duration.ofDays(15))));
        String stillErased = messageKey(newWamid());
        jdbc.update("INSERT INTO erased_message (message_key, erasure_id, erased_at) VALUES (?, ?, ?)", stillErased, audit,
                Timestamp.from(sixDays));

        RetentionPurge.Report result = purge.run(null);

        assertThat(jdbc.queryForList("SELECT message_key FROM erased_message", String.class)).containsExactly(stillErased);
        assertThat(result.removed("erasure-keys")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM erasure_audit WHERE id = ?", audit)).as("the proof of the erasure stays").isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT id FROM webhook_event ORDER BY id", Long.class)).containsExactly(recentEvent, failedEvent);
        assertThat(jdbc.queryForList("SELECT title FROM whatsapp_error", String.class)).containsExactly("recent");
        assertThat(result.removed("events")).isEqualTo(2);
        assertThat(result.removed("errors")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE message_key = ?", messageKey(oldSticker))).isZero();
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE message_key = ?", messageKey(recentSticker))).isEqualTo(1);

        // Meta redelivers the six-day-old sticker: still recognised, no new row, no second hint.
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Sieglinde Haag",
                typed(phone, recentSticker, "sticker", "{\"mime_type\": \"image/webp\", \"sha256\": \"abc\", \"id\": \"9877\"}")));
        awaitIntakeIdle();
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE citizen_id = ?", citizen)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT reason FROM webhook_event ORDER BY id DESC FETCH FIRST 1 ROWS ONLY", String.class))
                .contains("redelivered message");
    }

    @Test
    void anErasuresAuditRowGoesAfterThreeYears() {
        String insert = "INSERT INTO erasure_audit (erased_at, phone_hash, messages, photos, cases_dropped, cases_kept, deliveries_dropped, "
                + "whatsapp_messages, webhook_events, ticket_notes, outbox_files) VALUES (?, ?, 1, 0, 0, 0, 0, 0, 1, 0, 0)";
        jdbc.update(insert, Timestamp.from(Instant.now().minus(Duration.ofDays(1096))), "hash-of-an-old-erasure");
        jdbc.update(insert, Timestamp.from(Instant.now().minus(Duration.ofDays(1094))), "hash-of-a-recent-erasure");

        RetentionPurge.Report result = purge.run(null);

        assertThat(result.removed("audits")).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT phone_hash FROM erasure_audit", String.class)).containsExactly("hash-of-a-recent-erasure");
    }

    @Test
    void theConsolesAuditLogGoesAfterTwoYears() {
        String insert = "INSERT INTO console_audit (at, actor, role, action, case_reference, detail) VALUES (?, ?, 'REVIEW', 'FREIGEBEN', ?, ?)";
        // more old rows than one batch (3), so the purge crosses batch boundaries
        for (int i = 0; i < 4; i++) {
            jdbc.update(insert, Timestamp.from(Instant.now().minus(Duration.ofDays(731))), "frau.alt", "WK-ALT-" + i, "geprüft");
        }
        jdbc.update(insert, Timestamp.from(Instant.now().minus(Duration.ofDays(729))), "herr.neu", "WK-NEU-1", "geprüft");

        RetentionPurge.Report result = purge.run(null);

        assertThat(result.removed("console-audit")).isEqualTo(4);
        assertThat(jdbc.queryForList("SELECT actor FROM console_audit WHERE action = 'FREIGEBEN'", String.class))
                .as("an entry younger than meldeweg.retention.console-audit-after stays").containsExactly("herr.neu");
    }

    @Test
    void moreRowsThanOneBatchAreAllPurgedInOneRun() {
        Instant old = Instant.now().minus(Duration.ofDays(45));
        for (int i = 0; i < 10; i++) {
            insertEvent("PROCESSED", "{\"n\": " + i + "}", old, old);
        }
        for (int i = 0; i < 7; i++) {
            long citizen = insertCitizen("49151123457" + (10 + i), "Bürger " + i, old);
            long c = insertCase(citizen, "WK-2026-90010" + i, "CLOSED", "Meldung " + i, old, old, false);
            insertMessage(citizen, c, "text", true, "Meldung " + i, old);
        }

        RetentionPurge.Report result = purge.run(null);

        assertThat(result.removed("events")).isEqualTo(10);
        assertThat(result.removed("cases")).isEqualTo(7);
        assertThat(result.removed("messages")).isEqualTo(7);
        assertThat(result.removed("citizens")).isEqualTo(7);
        // batch size 3: events 3+3+3+1, cases 3+3+1, citizens 3+3+1, and one empty look for each other step
        assertThat(result.batches()).isGreaterThanOrEqualTo(4 + 3 + 3);
        assertThat(count("SELECT COUNT(*) FROM webhook_event")).isZero();
        assertThat(count("SELECT COUNT(*) FROM report_case")).isZero();
        assertThat(count("SELECT COUNT(*) FROM citizen")).isZero();
        assertThat(count("SELECT SUM(reports) FROM case_statistics")).isEqualTo(7);
        assertThat(jdbc.queryForObject("SELECT batches FROM retention_run", Integer.class)).isEqualTo(result.batches());
    }

    private static List<String> lowerCase(List<String> findings) {
        return findings.stream().map(f -> f.toLowerCase(java.util.Locale.ROOT)).toList();
    }

    // --- helpers: rows as intake and case assembly write them, with chosen times ---

    private HttpResponse<String> closeCase(String reference, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/cases/" + reference + "/close"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return webhooks.send(request.build());
    }

    /** Moves every time of a citizen's rows back, as if that much time had passed for them. */
    private void ageCitizen(long citizen, Duration by) {
        List<Long> events = jdbc.queryForList("SELECT event_id FROM webhook_event_citizen WHERE citizen_id = ?", Long.class, citizen);
        for (Long event : events) {
            shift("webhook_event", "id = ?", event, by, "received_at", "processed_at");
        }
        shift("citizen", "id = ?", citizen, by, "first_seen_at", "last_inbound_at");
        shift("inbound_message", "citizen_id = ?", citizen, by, "received_at", "sent_at");
        shift("outbound_message", "citizen_id = ?", citizen, by, "created_at", "sent_at", "next_attempt_at");
        shift("delivery", "case_id IN (SELECT id FROM report_case WHERE citizen_id = ?)", citizen, by, "created_at", "delivered_at");
        shift("report_case", "citizen_id = ?", citizen, by, "created_at", "forwarded_at", "closed_at");
    }

    private void shift(String table, String where, Object arg, Duration by, String... columns) {
        for (String column : columns) {
            jdbc.query("SELECT id, " + column + " FROM " + table + " WHERE " + where, rs -> {
                Object value = rs.getObject(2);
                if (value != null) {
                    jdbc.update("UPDATE " + table + " SET " + column + " = ? WHERE id = ?",
                            Timestamp.from(toInstant(value).minus(by)), rs.getLong(1));
                }
            }, arg);
        }
    }

    private static void ageOutboxFiles(List<String> names, Duration by) {
        try {
            for (String name : names) {
                Path file = outboxDir().resolve(name);
                Files.setLastModifiedTime(file, FileTime.from(Files.getLastModifiedTime(file).toInstant().minus(by)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalArgumentException(String.valueOf(value));
    }

    private long insertCitizen(String phone, String name, Instant lastSeen) {
        jdbc.update("INSERT INTO citizen (phone_hash, phone_enc, profile_name_enc, first_seen_at, last_inbound_at) VALUES (?, ?, ?, ?, ?)",
                citizens.phoneHash(phone), cipher.encrypt(phone), cipher.encrypt(name), Timestamp.from(lastSeen), Timestamp.from(lastSeen));
        return citizenByPhone(phone);
    }

    private long insertCase(long citizen, String reference, String state, String text, Instant created, Instant closed, boolean urgent) {
        jdbc.update("INSERT INTO report_case (reference, citizen_id, state, category_code, dept_key, report_enc, urgent, created_at, "
                        + "forwarded_at, closed_at) VALUES (?, ?, ?, 'WASSER', 'stadtwerke', ?, ?, ?, ?, ?)",
                reference, citizen, state, cipher.encrypt(text), urgent, Timestamp.from(created), Timestamp.from(created),
                closed == null ? null : Timestamp.from(closed));
        return jdbc.queryForObject("SELECT id FROM report_case WHERE reference = ?", Long.class, reference);
    }

    private long insertMessage(long citizen, Long caseId, String type, boolean accepted, String text, Instant received) {
        String key = messageKey(newWamid());
        jdbc.update("INSERT INTO inbound_message (message_key, citizen_id, type, accepted, text_enc, sent_at, received_at, case_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", key, citizen, type, accepted, cipher.encrypt(text),
                Timestamp.from(received), Timestamp.from(received), caseId);
        return jdbc.queryForObject("SELECT id FROM inbound_message WHERE message_key = ?", Long.class, key);
    }

    private void insertSeen(long citizen, String key, Instant received) {
        jdbc.update("INSERT INTO inbound_message (message_key, citizen_id, type, accepted, sent_at, received_at) VALUES (?, ?, 'sticker', FALSE, ?, ?)",
                key, citizen, Timestamp.from(received), Timestamp.from(received));
    }

    private void insertOutbound(long citizen, String state, String body, Instant created) {
        jdbc.update("INSERT INTO outbound_message (citizen_id, purpose, body, state, next_attempt_at, created_at) VALUES (?, 'ANSWER', ?, ?, ?, ?)",
                citizen, body, state, Timestamp.from(Instant.now().plus(Duration.ofDays(1))), Timestamp.from(created));
    }

    private long insertEvent(String state, String body, Instant received, Instant processed) {
        jdbc.update("INSERT INTO webhook_event (received_at, body, state, processed_at) VALUES (?, ?, ?, ?)",
                Timestamp.from(received), body.getBytes(), state, processed == null ? null : Timestamp.from(processed));
        return jdbc.queryForObject("SELECT MAX(id) FROM webhook_event", Long.class);
    }
}
