package de.meldeweg.cases;

import static de.meldeweg.support.Payloads.newWamid;
import static de.meldeweg.support.Payloads.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import de.meldeweg.support.Fixtures;
import de.meldeweg.support.PipelineContext;
import de.meldeweg.support.Payloads;

/**
 * One bad case never blocks the others: cases whose forwarding fails every time are tried again
 * with backoff and then parked as dead letters, while a normal report goes out as usual; a report
 * longer than meldeweg.case.max-report-chars is cut visibly instead of failing. H2 and PostgreSQL.
 */
abstract class PoisonCaseScenarios extends PipelineContext {

    static final int MAX_ATTEMPTS = CASE_MAX_ATTEMPTS;

    /**
     * 60 cases whose forwarding fails every time: their stored message cannot be decrypted (as after
     * a wrong key, or a row damaged by hand). Before, the first 50 of them took every place of the
     * waiting-case query forever.
     */
    private List<Long> poisonCases(int n) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("INSERT INTO citizen (phone_hash, first_seen_at) VALUES (?, ?)", "poison-test-citizen", now);
        long citizen = jdbc.queryForObject("SELECT id FROM citizen WHERE phone_hash = 'poison-test-citizen'", Long.class);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String reference = "WK-1999-%06d".formatted(i + 1);
            jdbc.update("INSERT INTO report_case (reference, citizen_id, state, created_at) VALUES (?, ?, 'ASSEMBLED', ?)",
                    reference, citizen, now);
            long caseId = jdbc.queryForObject("SELECT id FROM report_case WHERE reference = ?", Long.class, reference);
            jdbc.update("INSERT INTO inbound_message (message_key, citizen_id, type, accepted, text_enc, received_at, case_id) "
                    + "VALUES (?, ?, 'text', TRUE, 'v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', ?, ?)", "poison-" + i, citizen, now, caseId);
            ids.add(caseId);
        }
        return ids;
    }

    private String deliveryState(String phone) {
        List<String> states = jdbc.queryForList("SELECT d.state FROM delivery d JOIN report_case c ON c.id = d.case_id "
                + "JOIN citizen z ON z.id = c.citizen_id WHERE z.phone_hash = ? AND d.channel = 'MAIL'", String.class, citizens.phoneHash(phone));
        return states.isEmpty() ? null : states.get(0);
    }

    @Test
    void sixtyPoisonCasesDoNotDelayANormalReport() {
        poisonCases(60);

        String phone = "4915112340601";
        Instant sent = Instant.now();
        assertThat(webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Erika Muster",
                text(phone, newWamid(), "Die Straßenlaterne in der Bahnhofstraße 12 ist seit Tagen kaputt."))).statusCode()).isEqualTo(200);

        // grouping window 1 s, then one assembly and one delivery round: well within 10 s
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(deliveryState(phone)));
        assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(10));

        // the poison cases were tried at most max-attempts times each and wait for an admin
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                assertThat(count("SELECT COUNT(*) FROM report_case WHERE state = 'DEAD'")).isEqualTo(60));
        assertThat(count("SELECT COUNT(*) FROM report_case WHERE state = 'DEAD' AND attempts = ? AND last_error LIKE '%decryption failed%'",
                MAX_ATTEMPTS)).isEqualTo(60);
        assertThat(count("SELECT COUNT(*) FROM delivery d JOIN report_case c ON c.id = d.case_id WHERE c.state = 'DEAD'")).isZero();
    }

    @Test
    void aFloodOfLongMessagesIsForwardedCutVisibly() {
        String phone = "4915112340602";
        String long4000 = "Am Marktplatz liegt seit Wochen Sperrmüll und es wird jeden Tag mehr. ".repeat(57);
        assertThat(long4000.length()).isBetween(3900, 4096); // WhatsApp's longest text message is 4096 characters
        for (int webhook = 0; webhook < 5; webhook++) {
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                batch.add(text(phone, newWamid(), long4000));
            }
            assertThat(webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Max Muster",
                    batch.toArray(String[]::new))).statusCode()).isEqualTo(200);
        }

        // 25 messages of 4,000 characters each are screened and grouped: generous on a shared machine
        await().atMost(Duration.ofSeconds(60)).until(() -> "DELIVERED".equals(deliveryState(phone)));
        String report = cipher.decrypt(jdbc.queryForObject("SELECT report_enc FROM report_case WHERE citizen_id = ?", String.class,
                citizenByPhone(phone)));
        int full = 25 * long4000.length() + 24 * 2;
        assertThat(report).startsWith("Am Marktplatz liegt seit Wochen Sperrmüll")
                .endsWith("[… gekürzt, " + (full - 20000) + " Zeichen]");
        assertThat(report.length()).isLessThan(20100);
    }
}
