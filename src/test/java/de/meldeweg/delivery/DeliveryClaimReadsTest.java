package de.meldeweg.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import de.meldeweg.delivery.Deliveries.Delivery;
import de.meldeweg.support.H2Plans;

/**
 * The delivery claim ({@link Deliveries#DUE}) on H2 with the real schema: urgent cases first, then the longest due,
 * and it reads only what is due, however many deliveries wait for a later attempt or are being sent. The claim
 * runs one statement per state and merges them: an interrupted send (its lease ran out) takes its place among
 * the pending ones by the same order.
 */
class DeliveryClaimReadsTest {

    private final JdbcTemplate jdbc = H2Plans.schema();
    private final Instant now = Instant.parse("2026-12-06T10:00:00Z");
    private int cases;

    private long delivery(boolean urgent, String state, Instant nextAttempt) {
        return delivery(urgent, "MAIL", state, nextAttempt);
    }

    private long delivery(boolean urgent, String channel, String state, Instant nextAttempt) {
        int n = ++cases;
        jdbc.update("INSERT INTO report_case (reference, state, urgent, created_at) VALUES (?, 'FORWARDING', ?, ?)",
                "MW-TEST-" + n, urgent, Timestamp.from(now.minusSeconds(60)));
        long caseId = jdbc.queryForObject("SELECT id FROM report_case WHERE reference = ?", Long.class, "MW-TEST-" + n);
        jdbc.update("INSERT INTO delivery (case_id, channel, state, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?)",
                caseId, channel, state, Timestamp.from(nextAttempt), Timestamp.from(now.minusSeconds(60)));
        return jdbc.queryForObject("SELECT id FROM delivery WHERE case_id = ?", Long.class, caseId);
    }

    private List<Long> due(String state) {
        return jdbc.query(Deliveries.DUE, (rs, n) -> rs.getLong(1), state, Timestamp.from(now), 50);
    }

    @Test
    void theClaimTakesUrgentCasesFirstThenTheLongestDueAndReadsNoneOfThoseThatWait() {
        for (int i = 0; i < 1000; i++) {
            delivery(false, "DELIVERED", now.minusSeconds(600));
        }
        for (int i = 0; i < 200; i++) {
            delivery(false, "PENDING", now.plusSeconds(300));   // a later attempt after an outage
        }
        for (int i = 0; i < 50; i++) {
            delivery(false, "SENDING", now.plusSeconds(100));   // being sent, lease running
        }
        List<Long> expected = new ArrayList<>();
        long later = delivery(false, "PENDING", now.minusSeconds(1));
        long earlier = delivery(false, "PENDING", now.minusSeconds(5));
        long urgent = delivery(true, "PENDING", now.minusSeconds(1));
        expected.addAll(List.of(urgent, earlier, later));
        long stale = delivery(false, "SENDING", now.minusSeconds(1));

        assertThat(due("PENDING")).as("urgent first, then the longest due").containsExactlyElementsOf(expected);
        assertThat(due("SENDING")).as("SENDING deliveries whose lease ran out").containsExactly(stale);

        long read = H2Plans.rowsRead(jdbc, Deliveries.DUE, "PENDING", Timestamp.from(now), 50)
                + H2Plans.rowsRead(jdbc, Deliveries.DUE, "SENDING", Timestamp.from(now), 50);
        assertThat(read).as("rows H2 reads for both claims: the 4 due and their cases, none of the 250 that wait").isLessThan(20);
    }

    @Test
    void theClaimMergesBothStatesUrgentFirstThenTheLongestDueAndTakesOneBatch() {
        long pendingLonger = delivery(false, "TICKET", "PENDING", now.minusSeconds(10));
        long interruptedLongest = delivery(false, "TICKET", "SENDING", now.minusSeconds(20));   // the process died while sending
        long interruptedUrgent = delivery(true, "TICKET", "SENDING", now.minusSeconds(1));
        long pendingShorter = delivery(false, "TICKET", "PENDING", now.minusSeconds(5));
        long pendingShortest = delivery(false, "TICKET", "PENDING", now.minusSeconds(1));
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        Deliveries deliveries = new Deliveries(jdbc, transaction, null, null, Clock.fixed(now, ZoneOffset.UTC),
                new DeliveryProperties(Duration.ofSeconds(1), 3, 1, 5, Duration.ofSeconds(30), Duration.ofMinutes(2)),
                null, null);

        List<Delivery> claimed = deliveries.claimDue();

        assertThat(claimed).as("the urgent case first, then the longest due of both states, one batch of three")
                .extracting(Delivery::id).containsExactly(interruptedUrgent, interruptedLongest, pendingLonger);
        assertThat(claimed).extracting(Delivery::resumed).as("an interrupted send is claimed as resumed").containsExactly(true, true, false);
        assertThat(jdbc.queryForList("SELECT id FROM delivery WHERE state = 'PENDING' ORDER BY id", Long.class))
                .as("left for the next claim").containsExactly(pendingShorter, pendingShortest);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivery WHERE state = 'SENDING' AND next_attempt_at = ?", Integer.class,
                Timestamp.from(now.plus(Duration.ofMinutes(2))))).as("the claimed ones hold a new lease").isEqualTo(3);
    }
}
