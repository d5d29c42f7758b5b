package de.meldeweg.whatsapp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import de.meldeweg.GroupCommit;
import de.meldeweg.citizen.Citizens;
import de.meldeweg.privacy.PersonalDataCipher;
import de.meldeweg.privacy.PhoneNumberCipher;
import de.meldeweg.whatsapp.OutboundMessages.Outbound;

/**
 * Builds Graph API requests ({@code POST {api-base-url}/{phone-number-id}/messages}) for the
 * outbox and interprets WhatsApp's answers: 131047 means a template is needed, 131026 is final,
 * 130429/131056 and 5xx are retried with backoff, 190 or HTTP 401 is a configuration error.
 *
 * <p>A claimed batch is sent on {@code meldeweg.whatsapp.senders} threads (route whatsapp-send).
 * The outcomes of the messages that finish at about the same time share one transaction (group
 * commit); each sender waits until its outcome is committed before it takes its next message, so
 * after a crash at most one message per sender was sent without its outcome (and goes out again
 * once the claim's lease has run out), never a whole batch.
 */
@Component("graphApi")
public class GraphApi {

    public static final String OUTBOUND_ID = "meldewegOutboundId";
    /** When the request went to the Graph API: the rate limits count the message from then. */
    /** Whether the message in work confirms an erasure (read with the row; only then has it an audit row to update). */
    static final String ERASURE_CONFIRMATION = "meldewegOutboundErasure";
    static final Duration WINDOW = Duration.ofHours(24);
    private static final Duration CONFIG_ERROR_RETRY = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(GraphApi.class);
    private final ObjectMapper json;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final OutboundMessages outbound;
    private final Citizens citizens;
    private final PersonalDataCipher cipher;
    private final WhatsAppProperties whatsApp;
    private final Clock clock;
    private final ZoneId zone;

    private final PhoneNumberCipher addresses;
    private final GroupCommit outcomes;

    public GraphApi(ObjectMapper json, OutboundMessages outbound, Citizens citizens, PersonalDataCipher cipher, PhoneNumberCipher addresses,
                    WhatsAppProperties whatsApp, Clock clock, ZoneId zone, TransactionTemplate transaction) {
        this.json = json;
        this.outcomes = new GroupCommit(transaction, whatsApp.senders());
        this.addresses = addresses;
        this.outbound = outbound;
        this.citizens = citizens;
        this.cipher = cipher;
        this.whatsApp = whatsApp;
        this.clock = clock;
        this.zone = zone;
    }

    public boolean configured() {
        return whatsApp.sendingConfigured();
    }

    /**
     * Turns the claimed outbox row in the body into the request JSON and its headers. Leaves a
     * null body when nothing may be sent (outside the 24-hour window, citizen gone).
     */
    public void prepare(Exchange exchange) throws Exception {
        long id = exchange.getMessage().getBody(Long.class);
        exchange.setProperty(OUTBOUND_ID, id);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setBody(null);
        Optional<Outbound> row = outbound.find(id);
        if (row.isEmpty()) {
            return;
        }
        Outbound out = row.get();
        exchange.setProperty(ERASURE_CONFIRMATION, out.erasureConfirmation());
        Optional<Citizens.Recipient> recipient = recipient(out);
        if (recipient.isEmpty()) {
            record(() -> outbound.markFailed(id, null, "citizen no longer known", null));
            return;
        }
        boolean template = out.template();
        // The confirmation of an erasure answers the command that just came in: its window opened then.
        Instant lastInbound = out.citizenId() == null ? out.createdAt()
                : out.citizen().lastInbound() == null ? Instant.EPOCH : out.citizen().lastInbound();
        if (!template && lastInbound.plus(WINDOW).isBefore(clock.instant())) {
            record(() -> outbound.markTemplateNeeded(id, "outside the 24-hour window", null));
            LOG.info("WhatsApp message {} ({}) waits for a template: the citizen's 24-hour window is closed", id, out.purpose());
            return;
        }
        message.setBody(template ? templateRequest(recipient.get(), TemplateMessage.fromJson(json, out.body()))
                : textRequest(recipient.get(), out.body()));
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        if (configured()) {
            message.setHeader("Authorization", "Bearer " + whatsApp.accessToken());
        } else {
            message.setHeader(Exchange.FILE_NAME, String.format("%s-%d-%s.json",
                    FILE_TIME.format(clock.instant().atZone(zone)), id, out.purpose().toLowerCase(Locale.ROOT)));
        }
    }

    /** The citizen's address (read with the message), or the erasure confirmation's own one. */
    private Optional<Citizens.Recipient> recipient(Outbound out) {
        if (out.citizenId() != null) {
            return out.citizen() == null ? Optional.empty() : Optional.of(new Citizens.Recipient(
                    addresses.decrypt(out.citizen().phoneEnc()), addresses.decrypt(out.citizen().userIdEnc())));
        }
        String phone = addresses.decrypt(out.toPhoneEnc());
        String userId = addresses.decrypt(out.toUserIdEnc());
        return phone == null && userId == null ? Optional.empty() : Optional.of(new Citizens.Recipient(phone, userId));
    }

    String textRequest(Citizens.Recipient recipient, String text) throws Exception {
        ObjectNode request = addressedTo(recipient);
        request.put("type", "text");
        ObjectNode body = request.putObject("text");
        body.put("preview_url", false);
        body.put("body", text);
        return json.writeValueAsString(request);
    }

    /** An approved template: the only kind of message WhatsApp takes outside the 24-hour window. */
    String templateRequest(Citizens.Recipient recipient, TemplateMessage template) throws Exception {
        ObjectNode request = addressedTo(recipient);
        request.put("type", "template");
        request.set("template", template.requestObject());
        return json.writeValueAsString(request);
    }

    private ObjectNode addressedTo(Citizens.Recipient recipient) {
        ObjectNode request = json.createObjectNode();
        request.put("messaging_product", "whatsapp");
        request.put("recipient_type", "individual");
        if (recipient.phone() != null) {
            request.put("to", recipient.phone());
        } else {
            request.put("recipient", recipient.userId());
        }
        return request;
    }

    /**
     * Records what the Graph API answered to the request just sent. WhatsApp's limits count the
     * message from the moment of the answer: WhatsApp had it by then, so the next message to this
     * citizen, and the rate's next second, reach WhatsApp no earlier than the limits allow however
     * long the way there took (the request's start would let a slow request and a fast next one
     * arrive closer together).
     */
    public void recordResponse(Exchange exchange) {
        long id = exchange.getProperty(OUTBOUND_ID, Long.class);
        Instant answeredAt = clock.instant();
        Message message = exchange.getMessage();
        message.removeHeader("Authorization");
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        JsonNode answer = parse(message.getBody(String.class));
        if (status >= 200 && status < 300) {
            String wamid = answer.path("messages").path(0).path("id").asString("");
            String key = wamid.isEmpty() ? null : cipher.keyedHash("wamid", wamid);
            boolean erasureConfirmation = erasureConfirmation(exchange);
            record(() -> outbound.markSent(id, key, erasureConfirmation, answeredAt));
            return;
        }
        JsonNode error = answer.path("error");
        Integer code = error.path("code").canConvertToInt() ? error.path("code").asInt() : null;
        String title = error.path("message").asString("HTTP " + status);
        String reason = "HTTP " + status + (code == null ? "" : " code " + code) + ": " + title;
        int c = code == null ? -1 : code;
        if (c == 131047) {
            record(() -> outbound.markTemplateNeeded(id, reason, answeredAt));
        } else if (c == 190 || status == 401) {
            LOG.error("WhatsApp rejected our access token ({}). Check meldeweg.whatsapp.access-token; "
                    + "message {} is kept and retried every {} minutes.", reason, id, CONFIG_ERROR_RETRY.toMinutes());
            outcome(() -> outbound.retryLater(id, code, reason, Integer.MAX_VALUE, CONFIG_ERROR_RETRY, answeredAt));
        } else if (c == 130429 || c == 131056 || status == 429 || status >= 500) {
            boolean again = outcome(() -> outbound.retryLater(id, code, reason, whatsApp.maxAttempts(), null, answeredAt));
            LOG.warn("WhatsApp message {} not sent ({}); {}", id, reason, again ? "retrying later" : "giving up");
        } else {
            LOG.warn("WhatsApp message {} failed for good: {}", id, reason);
            record(() -> outbound.markFailed(id, code, reason, answeredAt));
        }
    }

    /** The request could not be sent at all (connection refused, timeout): retry later. */
    public void recordFailure(Exchange exchange) {
        Long id = exchange.getProperty(OUTBOUND_ID, Long.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (id == null) {
            return;
        }
        String reason = cause == null ? "unknown failure" : cause.getClass().getSimpleName();
        // A request that timed out may have reached WhatsApp: counted from now, as an answered one.
        Instant answeredAt = clock.instant();
        boolean again = outcome(() -> outbound.retryLater(id, null, reason, whatsApp.maxAttempts(), null, answeredAt));
        LOG.warn("WhatsApp message {} could not be sent ({}); {}", id, reason, again ? "retrying later" : "giving up");
    }

    public void recordOutboxFile(Exchange exchange) {
        long id = exchange.getProperty(OUTBOUND_ID, Long.class);
        boolean erasureConfirmation = erasureConfirmation(exchange);
        record(() -> outbound.markWrittenToOutbox(id, erasureConfirmation));
    }

    /** Commits an outcome, in a transaction shared with the other senders' outcomes of the moment. */
    private <T> T outcome(Supplier<T> write) {
        return outcomes.run(write);
    }

    private void record(Runnable write) {
        outcome(() -> {
            write.run();
            return null;
        });
    }

    /** Unknown (not read by {@link #prepare}) counts as possibly one: the mark then looks for its audit row. */
    private static boolean erasureConfirmation(Exchange exchange) {
        return exchange.getProperty(ERASURE_CONFIRMATION, Boolean.TRUE, Boolean.class);
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return json.missingNode();
        }
        try {
            return json.readTree(body);
        } catch (Exception e) {
            return json.missingNode();
        }
    }
}
