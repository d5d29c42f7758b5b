package de.meldeweg.safety;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import de.meldeweg.cases.CaseForwarding;
import de.meldeweg.cases.Pseudonymizer;
import de.meldeweg.privacy.PersonalDataCipher;
import de.meldeweg.texts.CitizenTexts;
import de.meldeweg.whatsapp.OutboundMessages;

/**
 * The last look at an assembled case before it goes to a department (route {@code case-enrich}):
 * a case that looks like an emergency is flagged urgent (mail header, ticket priority); a case with
 * insulting, racist or degrading content is held for review by the central complaint office
 * instead of being forwarded, even when it also carries a real concern, and the citizen gets a
 * note on respectful conduct. A case the office released is not held again.
 */
@Component("caseScreening")
public class CaseScreening {

    public static final String HELD = "heldForReview";
    /** Exchange property: whether the case looks like an emergency (its urgent flag), for the classification after screening. */
    public static final String URGENT = CaseForwarding.URGENT;
    public static final String RESPECT_NOTE = "RESPECT_NOTE";
    public static final String REVIEW_CHANNEL = "REVIEW";
    static final String RESPECT_TEMPLATE = "whatsapp/respectful-conduct.txt";
    private static final Logger LOG = LoggerFactory.getLogger(CaseScreening.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final CaseForwarding forwarding;
    private final Pseudonymizer pseudonymizer;
    private final PersonalDataCipher cipher;
    private final EmergencyDetector emergencies;
    private final AbuseFilter abuse;
    private final OutboundMessages outbound;
    private final CitizenTexts texts;
    private final SafetyProperties properties;
    private final Clock clock;

    public CaseScreening(JdbcTemplate jdbc, TransactionTemplate transaction, CaseForwarding forwarding, Pseudonymizer pseudonymizer,
                         PersonalDataCipher cipher, EmergencyDetector emergencies, AbuseFilter abuse, OutboundMessages outbound,
                         CitizenTexts texts, SafetyProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.forwarding = forwarding;
        this.pseudonymizer = pseudonymizer;
        this.cipher = cipher;
        this.emergencies = emergencies;
        this.abuse = abuse;
        this.outbound = outbound;
        this.texts = texts;
        this.properties = properties;
        this.clock = clock;
        texts.text(RESPECT_TEMPLATE);
    }

    /**
     * The body is the case id and stays so; sets the exchange properties {@code heldForReview}, {@code urgent} and
     * {@code readText} (the text as the checks read it, for the classification).
     */
    public void screen(Exchange exchange) {
        long caseId = exchange.getMessage().getBody(Long.class);
        String text = forwarding.reportText(exchange, caseId);
        // read once for the emergency and abuse checks here and the classification after
        SafetyText.Reading read = SafetyText.read(text);
        exchange.setProperty(CaseForwarding.READ_TEXT, read);
        // a case of one message: intake checked this very text already (SafetyChecks.inspect)
        Boolean noted = emergencies.takeNoted(text);
        boolean urgent = noted != null ? noted : emergencies.isEmergency(read);
        exchange.setProperty(URGENT, urgent);
        if (urgent) {
            jdbc.update("UPDATE report_case SET urgent = TRUE WHERE id = ?", caseId);
        }
        // the review decision comes with the report text's read (one statement for both)
        boolean released = forwarding.released(exchange, caseId);
        List<String> matched = released ? List.of() : abuse.matches(read);
        boolean held = !matched.isEmpty() && hold(caseId, matched, text);
        exchange.setProperty(HELD, held);
        if (urgent) {
            LOG.info("Case {} looks like an emergency: forwarded flagged urgent", caseId);
        }
    }

    private boolean hold(long caseId, List<String> matched, String text) {
        Timestamp now = Timestamp.from(clock.instant());
        String reason = String.join("; ", matched);
        String masked = forwarding.forwardedReport(text);
        Boolean held = transaction.execute(status -> {
            if (jdbc.update("UPDATE report_case SET state = 'REVIEW', report_enc = ? WHERE id = ? AND state = 'ASSEMBLED'",
                    cipher.encrypt(masked), caseId) != 1) {
                return false;
            }
            jdbc.update("INSERT INTO case_review (case_id, reason, held_at) VALUES (?, ?, ?)",
                    caseId, reason.length() <= 1000 ? reason : reason.substring(0, 997) + "...", now);
            if (!properties.reviewMailbox().isEmpty()) {
                jdbc.update("INSERT INTO delivery (case_id, channel, state, next_attempt_at, created_at) VALUES (?, ?, 'PENDING', ?, ?)",
                        caseId, REVIEW_CHANNEL, now, now);
            }
            Map<String, Object> row = jdbc.queryForMap("SELECT reference, citizen_id FROM report_case WHERE id = ?", caseId);
            if (row.get("citizen_id") != null) {
                outbound.enqueue(((Number) row.get("citizen_id")).longValue(), RESPECT_NOTE,
                        texts.render(RESPECT_TEMPLATE, Map.of("reference", (String) row.get("reference"))));
            }
            return true;
        });
        if (Boolean.TRUE.equals(held)) {
            LOG.info("Case {} held for review by the complaint office ({} entr{} of the abuse list matched){}", caseId,
                    matched.size(), matched.size() == 1 ? "y" : "ies",
                    properties.reviewMailbox().isEmpty() ? "; no review mailbox set, see /admin/review" : "; review mail queued");
        }
        return Boolean.TRUE.equals(held);
    }
}
