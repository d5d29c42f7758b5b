package de.meldeweg.safety;

import java.sql.Timestamp;
import java.time.Instant;

import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import de.meldeweg.texts.CitizenTexts;
import de.meldeweg.whatsapp.OutboundMessages;

/**
 * What intake does for the city's safety rules with every new message of a citizen: count it
 * against the flood threshold, and answer a message that looks like an emergency at once with the
 * numbers 110 and 112. The reply is written to the WhatsApp outbox in the intake transaction (so
 * it survives a crash) and, once that transaction has committed, handed straight to the sender
 * route {@code safety-emergency-reply} instead of waiting for the outbox poller.
 */
@Component("safetyChecks")
public class SafetyChecks {

    public static final String EMERGENCY_REPLY = "EMERGENCY_REPLY";
    static final String EMERGENCY_TEMPLATE = "whatsapp/emergency.txt";
    static final String SEND_NOW = "seda:safety-emergency-reply";
    private static final Logger LOG = LoggerFactory.getLogger(SafetyChecks.class);

    private final JdbcTemplate jdbc;
    private final FloodGuard floods;
    private final EmergencyDetector emergencies;
    private final OutboundMessages outbound;
    private final CitizenTexts texts;
    private final ProducerTemplate producer;

    public SafetyChecks(JdbcTemplate jdbc, FloodGuard floods, EmergencyDetector emergencies, OutboundMessages outbound,
                        CitizenTexts texts, ProducerTemplate producer) {
        this.jdbc = jdbc;
        this.floods = floods;
        this.emergencies = emergencies;
        this.outbound = outbound;
        this.texts = texts;
        this.producer = producer;
        String reply = texts.text(EMERGENCY_TEMPLATE);
        if (!reply.contains("110") || !reply.contains("112")) {
            throw new IllegalStateException("The emergency reply " + EMERGENCY_TEMPLATE + " must name 110 and 112");
        }
    }

    /**
     * Called by intake for every new (not redelivered) message of a citizen, inside its
     * transaction; {@code text} is the text or caption, null for other types.
     */
    public void inspect(long citizen, String text, Instant now) {
        floods.count(citizen, now);
        if (text == null || text.isBlank() || !emergencies.isEmergencyNoted(text)) {
            return;
        }
        // One reply per report being gathered: a citizen who writes three messages about the same
        // fire gets the numbers once.
        Integer earlier = jdbc.queryForObject("SELECT COUNT(*) FROM outbound_message WHERE citizen_id = ? AND purpose = ? "
                + "AND created_at >= (SELECT MIN(received_at) FROM inbound_message WHERE citizen_id = ? AND case_id IS NULL "
                + "AND accepted = TRUE)", Integer.class, citizen, EMERGENCY_REPLY, citizen);
        if (earlier != null && earlier > 0) {
            LOG.info("Citizen {} wrote about an emergency again; the reply with 110 and 112 went out already", citizen);
            return;
        }
        outbound.enqueue(citizen, EMERGENCY_REPLY, texts.text(citizen, EMERGENCY_TEMPLATE));
        Long id = jdbc.queryForObject("SELECT MAX(id) FROM outbound_message WHERE citizen_id = ? AND purpose = ? AND created_at >= ?",
                Long.class, citizen, EMERGENCY_REPLY, Timestamp.from(now));
        LOG.info("Citizen {} wrote what looks like an emergency: reply with 110 and 112 queued (WhatsApp message {})", citizen, id);
        if (id == null) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    sendNow(id);
                }
            });
        } else {
            sendNow(id);
        }
    }

    private void sendNow(long outboundId) {
        try {
            producer.asyncSendBody(SEND_NOW, outboundId);
        } catch (RuntimeException e) {
            // The outbox poller sends it a moment later.
            LOG.warn("Emergency reply {} could not be handed to the sender at once ({}); the outbox sends it", outboundId,
                    e.getClass().getSimpleName());
        }
    }
}
