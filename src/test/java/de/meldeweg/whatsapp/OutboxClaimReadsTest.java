package de.meldeweg.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import de.meldeweg.support.H2Plans;

/**
 * The outbox's claim ({@link OutboundMessages#DUE}) on H2 with the real schema: it finds what is due, oldest first,
 * and reads only that. At 50 reports a second hundreds of messages wait for their citizen's quiet time; a claim
 * that read them all twice a second took a fifth of the service's allocations (docs/performance-rounds.md,
 * "Thirteenth round"). The claim runs one statement per state and merges them: a message whose send was
 * interrupted (its lease ran out) takes its place among the pending ones, oldest first.
 */
class OutboxClaimReadsTest {

    private final JdbcTemplate jdbc = H2Plans.schema();
    private final Instant now = Instant.parse("2026-12-06T10:00:00Z");
    private long citizens;

    private long citizen() {
        long id = ++citizens;
        jdbc.update("INSERT INTO citizen (id, phone_hash, first_seen_at) VALUES (?, ?, ?)", id, "hash-" + id, Timestamp.from(now));
        return id;
    }

    private long message(long citizen, String state, Instant nextAttempt) {
        jdbc.update("INSERT INTO outbound_message (citizen_id, purpose, body, state, next_attempt_at, created_at) VALUES (?, 'RECEIPT', ?, ?, ?, ?)",
                citizen, "v1:" + "x".repeat(300), state, Timestamp.from(nextAttempt), Timestamp.from(now.minusSeconds(10)));
        return jdbc.queryForObject("SELECT MAX(id) FROM outbound_message", Long.class);
    }

    private List<Long> due(String state) {
        return jdbc.query(OutboundMessages.DUE, (rs, n) -> rs.getLong(1), state, Timestamp.from(now), 40);
    }

    @Test
    void theClaimFindsWhatIsDueOldestFirstAndReadsNoneOfTheMessagesThatWait() {
        for (int i = 0; i < 2000; i++) {
            message(citizen(), "SENT", now.minusSeconds(3600));
        }
        for (int i = 0; i < 300; i++) {
            message(citizen(), "PENDING", now.plusSeconds(6));        // their citizen's quiet time
        }
        for (int i = 0; i < 5; i++) {
            message(citizen(), "SENDING", now.plusSeconds(50));       // sent right now, lease running
        }
        List<Long> pending = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pending.add(message(citizen(), "PENDING", now.minusSeconds(1)));
        }
        long twice = citizen();
        pending.add(message(twice, "PENDING", now.minusSeconds(2)));
        message(twice, "PENDING", now.minusSeconds(2));               // waits for the one before it
        long stale = message(citizen(), "SENDING", now.minusSeconds(1)); // lease ran out: the process died while sending

        assertThat(due("PENDING")).as("due PENDING messages, oldest first").containsExactlyElementsOf(pending);
        assertThat(due("SENDING")).as("SENDING messages whose lease ran out").containsExactly(stale);

        long read = H2Plans.rowsRead(jdbc, OutboundMessages.DUE, "PENDING", Timestamp.from(now), 40)
                + H2Plans.rowsRead(jdbc, OutboundMessages.DUE, "SENDING", Timestamp.from(now), 40);
        assertThat(read).as("rows H2 reads for both claims: about the 23 due and their citizens' few, none of the 305 that wait")
                .isLessThan(2 * 23 + 10);
    }

    @Test
    void theClaimMergesBothStatesOldestFirstAndTakesOneBatch() {
        long oldest = message(citizen(), "PENDING", now.minusSeconds(1));
        long older = message(citizen(), "PENDING", now.minusSeconds(1));
        long interrupted = message(citizen(), "SENDING", now.minusSeconds(1)); // the process died while sending it
        long newer = message(citizen(), "PENDING", now.minusSeconds(1));
        long newest = message(citizen(), "PENDING", now.minusSeconds(1));
        OutboundMessages outbox = new OutboundMessages(jdbc, Clock.fixed(now, ZoneOffset.UTC), null, settings(3));

        assertThat(outbox.claimDue()).as("oldest first across both states, one batch of three")
                .containsExactly(oldest, older, interrupted);
        assertThat(jdbc.queryForList("SELECT id FROM outbound_message WHERE state = 'PENDING' ORDER BY id", Long.class))
                .as("left for the next claim").containsExactly(newer, newest);
    }

    private static WhatsAppProperties settings(int batch) {
        return WhatsAppSettings.defaults().sendBatch(batch).senders(1).build();
    }
}
