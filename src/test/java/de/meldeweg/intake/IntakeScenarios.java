package de.meldeweg.intake;

import static de.meldeweg.support.Payloads.change;
import static de.meldeweg.support.Payloads.contact;
import static de.meldeweg.support.Payloads.envelope;
import static de.meldeweg.support.Payloads.newWamid;
import static de.meldeweg.support.Payloads.status;
import static de.meldeweg.support.Payloads.text;
import static de.meldeweg.support.Payloads.typed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import tools.jackson.databind.ObjectMapper;

import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MeldewegTestBase;
import de.meldeweg.support.Payloads;
import de.meldeweg.whatsapp.OutboundMessages;

/**
 * What a citizen's WhatsApp traffic turns into, driven through the real webhook with payloads in
 * WhatsApp's exact shape. Runs once on H2 and once on PostgreSQL.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class IntakeScenarios extends MeldewegTestBase {

    private static final String OURS = Fixtures.PHONE_NUMBER_ID;

    @Autowired
    OutboundMessages outbound;
    @Autowired
    CamelContext camel;

    private void postAndAwait(String body) {
        assertThat(webhooks.postSigned(body).statusCode()).isEqualTo(200);
        awaitIntakeIdle();
    }

    private void postFixtureAndAwait(String name) {
        byte[] body = Fixtures.bytes(name);
        assertThat(webhooks.post(body, Fixtures.sign(body)).statusCode()).isEqualTo(200);
        awaitIntakeIdle();
    }

    private Map<String, Object> event() {
        return jdbc.queryForMap("SELECT state, reason FROM webhook_event ORDER BY id DESC FETCH FIRST 1 ROWS ONLY");
    }

    @Test
    void textWithEscapedUmlautsAndEmojiIsStoredAsTheCitizenWroteIt(CapturedOutput output) {
        postFixtureAndAwait("text_umlauts.json");

        Map<String, Object> message = jdbc.queryForMap("SELECT * FROM inbound_message");
        assertThat(message.get("TYPE")).isEqualTo("text");
        assertThat(message.get("ACCEPTED")).isEqualTo(true);
        assertThat((String) message.get("TEXT_ENC")).as("stored encrypted").doesNotContain("Bushaltestelle");
        assertThat(cipher.decrypt((String) message.get("TEXT_ENC")))
                .isEqualTo("Grüß Gott, an der Bushaltestelle Marktplatz ist die Bank kaputt \uD83E\uDE91 – bitte reparieren!");
        assertThat(message.get("MESSAGE_KEY")).isEqualTo(messageKey("wamid.HBgNNDkxNzYxMjM0MDAwMRUCABIYFEE0QzEyM0IxNjEyREQyNzJEMTM3AA=="));
        assertThat(event().get("STATE")).isEqualTo("PROCESSED");
        assertThat(count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'HINT_UNSUPPORTED'")).as("a text message gets no hint").isZero();
        assertThat(outboundBodies("SELECT body FROM outbound_message WHERE purpose = 'PRIVACY_NOTICE'"))
                .as("first contact: the privacy notice, once").singleElement().asString().contains("Löschen").contains("110").contains("112");

        // Personal data: number and name only encrypted, never in the clear, never in the log.
        Map<String, Object> citizen = jdbc.queryForMap("SELECT * FROM citizen");
        assertThat(citizen.values()).noneMatch(v -> String.valueOf(v).contains("4917612340001"));
        assertThat(citizen.values()).noneMatch(v -> String.valueOf(v).contains("Bäuerle"));
        assertThat(citizens.recipient(((Number) citizen.get("ID")).longValue()).orElseThrow().phone()).isEqualTo("4917612340001");
        assertThat(output.getAll()).doesNotContain("4917612340001", "Bäuerle", "Bushaltestelle", "HBgNNDkxNzYx");
    }

    @Test
    void theStoredEventIsTheExactBytesThatWereSignedEncryptedAtRest() {
        byte[] body = Fixtures.bytes("text_umlauts.json");
        webhooks.post(body, Fixtures.sign(body));
        awaitIntakeIdle();
        byte[] stored = jdbc.queryForObject("SELECT body FROM webhook_event", byte[].class);
        assertThat(cipher.openBytes(stored)).isEqualTo(body);
        String atRest = new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(atRest).startsWith("v1b:").doesNotContain("4917612340001").doesNotContain("whatsapp_business_account")
                .doesNotContain("Bushaltestelle");
    }

    @Test
    void rawUtf8BodyWithItsOwnSignatureIsAcceptedToo() {
        String wamid = newWamid();
        String body = Payloads.messages(OURS, "4915112345678", "Jürgen Öttinger",
                text("4915112345678", wamid, "Die Straßenlaterne in der Bahnhofstraße ist aus \uD83D\uDCA1"));
        postAndAwait(body);
        assertThat(cipher.decrypt(jdbc.queryForObject("SELECT text_enc FROM inbound_message WHERE message_key = ?", String.class, messageKey(wamid))))
                .isEqualTo("Die Straßenlaterne in der Bahnhofstraße ist aus \uD83D\uDCA1");
    }

    @Test
    void imageWithCaptionKeepsMediaReferencesButDownloadsNothingYet() {
        postFixtureAndAwait("image_caption.json");
        Map<String, Object> message = jdbc.queryForMap("SELECT * FROM inbound_message");
        assertThat(message.get("TYPE")).isEqualTo("image");
        assertThat(cipher.decrypt((String) message.get("TEXT_ENC"))).isEqualTo("Umgefallenes Verkehrsschild");
        assertThat(message.get("MEDIA_ID")).isEqualTo("1234567890123456");
        assertThat(message.get("MEDIA_MIME")).isEqualTo("image/jpeg");
        assertThat(message.get("MEDIA_SHA256")).isEqualTo("iBDGHcmY4u85eR52tjd7y3jWuZgJ4Irv9RupghZSns4=");
    }

    @Test
    void redeliveryProducesNothingNewWhetherByteIdenticalOrNot() {
        postFixtureAndAwait("voice_note.json");
        postFixtureAndAwait("voice_note.json");
        // Meta redelivers with another layout and timestamp: the id decides.
        String reformatted = Fixtures.text("voice_note.json").replace("1779000120", "1779003720").replace("\n", "");
        postAndAwait(reformatted);

        assertThat(count("SELECT COUNT(*) FROM webhook_event")).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM inbound_message")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'HINT_UNSUPPORTED'")).as("one hint, not three").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'PRIVACY_NOTICE'")).as("one privacy notice").isEqualTo(1);
        assertThat(event().get("REASON")).asString().contains("redelivered message");
    }

    @Test
    void everyEntryChangeMessageAndStatusOfABatchIsHandled() {
        String a = newWamid(), b = newWamid(), c = newWamid(), d = newWamid(), e = newWamid();
        String ours = newWamid();
        long anna = citizens.findOrCreate(new de.meldeweg.citizen.Sender("4915100000001", null, null, null), Instant.now());
        outbound.enqueue(anna, "TEST", "Danke!");
        jdbc.update("UPDATE outbound_message SET state = 'SENT', message_key = ?", messageKey(ours));

        String body = Payloads.entries(
                Payloads.entry(
                        change(OURS, contact("4915100000001", "Anna"), List.of(
                                text("4915100000001", a, "Schlagloch in der Lederstraße"),
                                text("4915100000001", b, "Es ist ziemlich tief")), List.of()),
                        change(OURS, null, List.of(), List.of(status(ours, "delivered", "4915100000001")))),
                Payloads.entry(
                        change(OURS, contact("4915100000002", "Bernd") + ", " + contact("4915100000003", "Carla"), List.of(
                                text("4915100000002", c, "Müll am Brühl"),
                                text("4915100000003", d, "Ampel kaputt"),
                                typed("4915100000003", e, "sticker", "{\"mime_type\": \"image/webp\", \"sha256\": \"x\", \"id\": \"9\", \"animated\": false}")),
                                List.of(status(ours, "read", "4915100000001")))));
        postAndAwait(body);

        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE accepted = TRUE")).isEqualTo(4);
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE accepted = FALSE")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM citizen")).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT delivery_status FROM outbound_message WHERE message_key = ?", String.class, messageKey(ours)))
                .isEqualTo("read");
        long carla = citizenByPhone("4915100000003");
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE citizen_id = ?", carla)).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM outbound_message WHERE citizen_id = ? AND purpose = 'HINT_UNSUPPORTED'", carla)).isEqualTo(1);
    }

    @Test
    void theFixtureBatchStoresTheMessageAndAppliesTheStatus() {
        postFixtureAndAwait("batch_message_and_status.json");
        assertThat(cipher.decrypt(jdbc.queryForObject("SELECT text_enc FROM inbound_message", String.class)))
                .isEqualTo("Und noch etwas: die Ampel blinkt nur gelb.");
        assertThat(event().get("REASON")).asString().contains("status for a message we did not send");
    }

    @Test
    void everyTypeButTextAndImageGetsOneHintPerDayAndCreatesNothingElse() {
        String from = "4915700000077";
        List<String> messages = List.of(
                typed(from, newWamid(), "audio", "{\"mime_type\": \"audio/ogg; codecs=opus\", \"sha256\": \"x\", \"id\": \"1\", \"voice\": true}"),
                typed(from, newWamid(), "video", "{\"mime_type\": \"video/mp4\", \"sha256\": \"x\", \"id\": \"2\"}"),
                typed(from, newWamid(), "document", "{\"filename\": \"a.pdf\", \"mime_type\": \"application/pdf\", \"sha256\": \"x\", \"id\": \"3\"}"),
                typed(from, newWamid(), "sticker", "{\"mime_type\": \"image/webp\", \"sha256\": \"x\", \"id\": \"4\", \"animated\": false}"),
                typed(from, newWamid(), "contacts", "[{\"name\": {\"formatted_name\": \"Max\", \"first_name\": \"Max\"}, \"phones\": [{\"phone\": \"+49 7051 1\", \"type\": \"WORK\"}]}]"),
                typed(from, newWamid(), "location", "{\"latitude\": 48.7146, \"longitude\": 8.7402, \"name\": \"Marktplatz\", \"address\": \"Marktplatz 1, Calw\"}"),
                typed(from, newWamid(), "reaction", "{\"message_id\": \"wamid.HBgx\", \"emoji\": \"\\uD83D\\uDC4D\"}"),
                typed(from, newWamid(), "order", "{\"catalog_id\": \"1\", \"text\": \"x\", \"product_items\": []}"),
                typed(from, newWamid(), "interactive", "{\"type\": \"button_reply\", \"button_reply\": {\"id\": \"1\", \"title\": \"Ja\"}}"),
                typed(from, newWamid(), "button", "{\"payload\": \"p\", \"text\": \"Ja\"}"),
                typed(from, newWamid(), "unsupported", null).replace("}", ", \"errors\": [{\"code\": 131051, \"title\": \"Message type unknown\", "
                        + "\"message\": \"Message type unknown\", \"error_data\": {\"details\": \"Message type is currently not supported.\"}}]}"),
                typed(from, newWamid(), "unknown", null));
        postAndAwait(Payloads.messages(OURS, from, "Dora", messages.toArray(String[]::new)));

        long dora = citizenByPhone(from);
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE citizen_id = ?", dora)).isEqualTo(12);
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE accepted = TRUE")).isZero();
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE text_enc IS NOT NULL OR media_id IS NOT NULL"))
                .as("nothing of an unsupported message is kept").isZero();
        assertThat(outboundBodies("SELECT body FROM outbound_message WHERE citizen_id = ? AND purpose = 'HINT_UNSUPPORTED'", dora))
                .singleElement().asString().startsWith("Wir können leider nur Textnachrichten und Fotos bearbeiten");
        assertThat(count("SELECT COUNT(*) FROM whatsapp_error WHERE code = 131051")).isEqualTo(1);

        // The same day, more of the same: still one hint.
        postAndAwait(Payloads.messages(OURS, from, "Dora", typed(from, newWamid(), "audio", "{\"id\": \"5\"}")));
        assertThat(count("SELECT COUNT(*) FROM outbound_message WHERE citizen_id = ? AND purpose = 'HINT_UNSUPPORTED'", dora)).isEqualTo(1);
    }

    @Test
    void withoutWhatsAppConfiguredTheHintIsWrittenToTheOutboxFolder() throws Exception {
        String from = "4915700000066";
        postAndAwait(Payloads.messages(OURS, from, "Ida", typed(from, newWamid(), "audio", "{\"id\": \"6\", \"voice\": true}")));
        long ida = citizenByPhone(from);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "OUTBOX".equals(jdbc.queryForObject("SELECT state FROM outbound_message WHERE citizen_id = ? AND purpose = 'HINT_UNSUPPORTED'",
                        String.class, ida)));
        long id = jdbc.queryForObject("SELECT id FROM outbound_message WHERE citizen_id = ? AND purpose = 'HINT_UNSUPPORTED'", Long.class, ida);
        java.nio.file.Path file;
        try (var files = java.nio.file.Files.list(outboxDir().resolve("whatsapp"))) {
            file = files.filter(f -> f.getFileName().toString().endsWith("-" + id + "-hint_unsupported.json"))
                    .max(java.util.Comparator.naturalOrder()).orElseThrow();
        }
        var request = new ObjectMapper().readTree(file.toFile());
        assertThat(request.path("messaging_product").asString()).isEqualTo("whatsapp");
        assertThat(request.path("to").asString()).isEqualTo(from);
        assertThat(request.path("type").asString()).isEqualTo("text");
        assertThat(request.path("text").path("body").asString()).startsWith("Wir können leider nur Textnachrichten und Fotos bearbeiten");
    }

    @Test
    void aCallGetsTheHintToo() {
        String from = "4915700000088";
        String body = "{\"object\": \"whatsapp_business_account\", \"entry\": [{\"id\": \"102233445566778\", \"changes\": [{\"value\": "
                + "{\"messaging_product\": \"whatsapp\", \"metadata\": {\"display_phone_number\": \"4970511670000\", \"phone_number_id\": \"" + OURS + "\"}, "
                + "\"contacts\": [{\"profile\": {\"name\": \"Emil\"}, \"wa_id\": \"" + from + "\"}], "
                + "\"calls\": [{\"id\": \"wacid.HBgLMTIzNDU2Nzg5MBUCABEYIDRCMEY\", \"to\": \"4970511670000\", \"from\": \"" + from + "\", "
                + "\"event\": \"connect\", \"timestamp\": \"" + Payloads.now() + "\", \"direction\": \"USER_INITIATED\"}]}, \"field\": \"calls\"}]}]}";
        postAndAwait(body);
        assertThat(count("SELECT COUNT(*) FROM outbound_message WHERE citizen_id = ? AND purpose = 'HINT_UNSUPPORTED'", citizenByPhone(from)))
                .isEqualTo(1);
    }

    @Test
    void aCitizenWithoutPhoneNumberIsKnownByTheirBusinessScopedUserId() {
        String wamid = newWamid();
        String body = envelope("        {\"value\": {\"messaging_product\": \"whatsapp\", \"metadata\": {\"display_phone_number\": \"4970511670000\", "
                + "\"phone_number_id\": \"" + OURS + "\"}, \"contacts\": [{\"profile\": {\"name\": \"Fritz\", \"username\": \"@fritz.calw\"}, "
                + "\"wa_id\": \"\", \"user_id\": \"DE.1502576394655843\"}], \"messages\": [{\"from\": \"\", \"from_user_id\": \"DE.1502576394655843\", "
                + "\"id\": \"" + wamid + "\", \"timestamp\": \"" + Payloads.now() + "\", \"type\": \"text\", \"text\": {\"body\": \"Hallo\"}}]}, \"field\": \"messages\"}");
        postAndAwait(body);

        Map<String, Object> citizen = jdbc.queryForMap("SELECT * FROM citizen");
        assertThat(citizen.get("PHONE_HASH")).isNull();
        assertThat(citizen.get("USER_ID_HASH")).isEqualTo(citizens.userIdHash("DE.1502576394655843"));
        assertThat(citizen.values()).noneMatch(v -> String.valueOf(v).contains("1502576394655843") || String.valueOf(v).contains("fritz"));
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE accepted = TRUE")).isEqualTo(1);

        // Later the same person writes with phone number and user id: still one citizen.
        String later = envelope("        {\"value\": {\"messaging_product\": \"whatsapp\", \"metadata\": {\"display_phone_number\": \"4970511670000\", "
                + "\"phone_number_id\": \"" + OURS + "\"}, \"contacts\": [{\"profile\": {\"name\": \"Fritz\"}, \"wa_id\": \"4915799999999\", "
                + "\"user_id\": \"DE.1502576394655843\"}], \"messages\": [{\"from\": \"4915799999999\", \"from_user_id\": \"DE.1502576394655843\", "
                + "\"id\": \"" + newWamid() + "\", \"timestamp\": \"" + Payloads.now() + "\", \"type\": \"text\", \"text\": {\"body\": \"Noch was\"}}]}, "
                + "\"field\": \"messages\"}");
        postAndAwait(later);
        assertThat(count("SELECT COUNT(*) FROM citizen")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT phone_hash FROM citizen", String.class)).isEqualTo(citizens.phoneHash("4915799999999"));
    }

    @Test
    void malformedJsonWithAValidSignatureIsAnsweredAndRecordedWithItsReason() {
        postAndAwait("{\"object\": \"whatsapp_business_account\", \"entry\": [");
        assertThat(event()).containsEntry("STATE", "IGNORED");
        assertThat(event().get("REASON")).asString().startsWith("malformed JSON at line 1");
        assertThat(count("SELECT COUNT(*) FROM inbound_message")).isZero();
    }

    @Test
    void otherObjectsFieldsAndShapesAreRecordedNotProcessed() {
        postAndAwait("[1, 2, 3]");
        assertThat(event()).containsEntry("STATE", "IGNORED").containsEntry("REASON", "body is not a JSON object");
        postAndAwait("{\"object\": \"page\", \"entry\": []}");
        assertThat(event()).containsEntry("REASON", "object 'page' is not handled");
        postAndAwait("{\"object\": \"whatsapp_business_account\", \"entry\": [{\"id\": \"1\", \"changes\": [{\"field\": \"account_update\", "
                + "\"value\": {\"phone_number\": \"4970511670000\", \"event\": \"VERIFIED_ACCOUNT\"}}]}]}");
        assertThat(event()).containsEntry("STATE", "IGNORED").containsEntry("REASON", "field 'account_update' is not handled");
        postAndAwait("{\"object\": \"whatsapp_business_account\", \"entry\": [{\"id\": 1, \"changes\": [{\"field\": \"messages\", "
                + "\"value\": {\"messages\": \"not a list\", \"metadata\": {\"phone_number_id\": \"" + OURS + "\"}}}]}]}");
        assertThat(event()).containsEntry("STATE", "IGNORED").containsEntry("REASON", "'messages' is not a list");
        postAndAwait("{\"object\": \"whatsapp_business_account\", \"entry\": [{\"id\": 1, \"changes\": [{\"field\": \"messages\", "
                + "\"value\": {\"messages\": [], \"metadata\": 5}}]}]}");
        assertThat(event()).containsEntry("STATE", "IGNORED").containsEntry("REASON", "phone_number_id  is not ours");
        assertThat(count("SELECT COUNT(*) FROM inbound_message")).isZero();
    }

    @Test
    void eventsForAnotherPhoneNumberIdAreStoredWithTheReasonAndNotProcessed() {
        String body = Fixtures.text("text_umlauts.json").replace(OURS, "999999999999999");
        postAndAwait(body);
        assertThat(event()).containsEntry("STATE", "IGNORED").containsEntry("REASON", "phone_number_id 999999999999999 is not ours");
        assertThat(count("SELECT COUNT(*) FROM inbound_message")).isZero();
        assertThat(count("SELECT COUNT(*) FROM citizen")).isZero();
    }

    @Test
    void statusesMoveOnlyForwardAndFailuresKeepTheirError() {
        long citizen = citizens.findOrCreate(new de.meldeweg.citizen.Sender("4915100000009", null, null, null), Instant.now());
        outbound.enqueue(citizen, "TEST", "a");
        outbound.enqueue(citizen, "TEST", "b");
        List<Long> ids = jdbc.queryForList("SELECT id FROM outbound_message ORDER BY id", Long.class);
        String first = newWamid(), second = newWamid();
        jdbc.update("UPDATE outbound_message SET state = 'SENT', message_key = ? WHERE id = ?", messageKey(first), ids.get(0));
        jdbc.update("UPDATE outbound_message SET state = 'SENT', message_key = ? WHERE id = ?", messageKey(second), ids.get(1));

        postAndAwait(envelope(change(OURS, null, List.of(), List.of(status(first, "read", "4915100000009")))));
        postAndAwait(envelope(change(OURS, null, List.of(), List.of(status(first, "delivered", "4915100000009")))));
        assertThat(jdbc.queryForObject("SELECT delivery_status FROM outbound_message WHERE id = ?", String.class, ids.get(0)))
                .isEqualTo("read");

        String failed = status(second, "failed", "4915100000009").replace("}", ", \"errors\": [{\"code\": 131026, "
                + "\"title\": \"Message undeliverable\", \"message\": \"Message undeliverable\", \"error_data\": {\"details\": \"x\"}}]}");
        postAndAwait(envelope(change(OURS, null, List.of(), List.of(failed))));
        Map<String, Object> row = jdbc.queryForMap("SELECT delivery_status, error_code, error_title FROM outbound_message WHERE id = ?", ids.get(1));
        assertThat(row).containsEntry("DELIVERY_STATUS", "failed").containsEntry("ERROR_CODE", 131026)
                .containsEntry("ERROR_TITLE", "Message undeliverable");
    }

    @Test
    void webhookLevelErrorsAreRecorded(CapturedOutput output) {
        String body = envelope("        {\"value\": {\"messaging_product\": \"whatsapp\", \"metadata\": {\"display_phone_number\": \"4970511670000\", "
                + "\"phone_number_id\": \"" + OURS + "\"}, \"errors\": [{\"code\": 131000, \"title\": \"Something went wrong\", "
                + "\"message\": \"Something went wrong\", \"error_data\": {\"details\": \"Unknown error\"}}]}, \"field\": \"messages\"}");
        postAndAwait(body);
        assertThat(jdbc.queryForMap("SELECT source, code, title FROM whatsapp_error"))
                .containsEntry("SOURCE", "webhook").containsEntry("CODE", 131000).containsEntry("TITLE", "Something went wrong");
        assertThat(output.getAll()).contains("WhatsApp reported error 131000");
    }

    @Test
    void aReSerializedBodyFailsTheSignatureAndNothingIsStored() throws Exception {
        byte[] original = Fixtures.bytes("text_umlauts.json");
        ObjectMapper json = new ObjectMapper();
        byte[] reserialized = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(json.readTree(original));
        assertThat(new String(reserialized, StandardCharsets.UTF_8)).contains("Grüß");

        assertThat(webhooks.post(reserialized, Fixtures.sign(original)).statusCode()).isEqualTo(403);
        assertThat(webhooks.post(original, null).statusCode()).isEqualTo(401);
        assertThat(webhooks.post(original, "sha256=" + "0".repeat(64)).statusCode()).isEqualTo(403);
        assertThat(webhooks.post(original, "sha256=zz").statusCode()).isEqualTo(403);
        assertThat(webhooks.post(original, Fixtures.sign(original, "another-secret")).statusCode()).isEqualTo(403);
        assertThat(count("SELECT COUNT(*) FROM webhook_event")).isZero();
    }

    @Test
    void theGivenSignaturesOfAllFixturesVerify() throws Exception {
        Map<?, ?> signatures = (Map<?, ?>) new ObjectMapper().readValue(Fixtures.bytes("signatures.json"), Map.class).get("signatures");
        for (Map.Entry<?, ?> fixture : signatures.entrySet()) {
            assertThat(webhooks.post(Fixtures.bytes((String) fixture.getKey()), (String) fixture.getValue()).statusCode())
                    .as(fixture.getKey().toString()).isEqualTo(200);
        }
        assertThat(count("SELECT COUNT(*) FROM webhook_event")).isEqualTo(signatures.size());
    }

    @Test
    void bodiesAboveOneMebibyteAreRefusedWith413() {
        byte[] big = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        assertThat(webhooks.post(big, Fixtures.sign(big)).statusCode()).isEqualTo(413);
        byte[] fits = new byte[1024 * 1024];
        java.util.Arrays.fill(fits, (byte) ' ');
        fits[0] = '{';
        fits[fits.length - 1] = '}';
        assertThat(webhooks.post(fits, Fixtures.sign(fits)).statusCode()).isEqualTo(200);
        awaitIntakeIdle();
        assertThat(count("SELECT COUNT(*) FROM webhook_event")).isEqualTo(1);
    }

    @Test
    void whenTheEventCannotBeStoredTheAnswerIs503AndMetasRedeliveryIsTaken() {
        byte[] body = Fixtures.bytes("text_umlauts.json");
        jdbc.execute("ALTER TABLE webhook_event RENAME TO webhook_event_away");
        try {
            var answer = webhooks.post(body, Fixtures.sign(body));
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).doesNotContain("webhook_event").doesNotContain("SQL");
        } finally {
            jdbc.execute("ALTER TABLE webhook_event_away RENAME TO webhook_event");
        }
        postFixtureAndAwait("text_umlauts.json");
        assertThat(count("SELECT COUNT(*) FROM inbound_message")).isEqualTo(1);
    }

    @Test
    void theHandshakeEchoesTheChallengeOnlyForTheRightToken() {
        var ok = webhooks.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=" + Fixtures.VERIFY_TOKEN + "&hub.challenge=1158201444");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        assertThat(ok.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");

        assertThat(webhooks.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1").statusCode()).isEqualTo(403);
        assertThat(webhooks.get("/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=" + Fixtures.VERIFY_TOKEN + "&hub.challenge=1").statusCode())
                .isEqualTo(403);
        assertThat(webhooks.get("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1").statusCode()).isEqualTo(403);
        assertThat(webhooks.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=&hub.challenge=1").statusCode()).isEqualTo(403);
    }

    @Test
    void reactionsWithOrWithoutEmojiAndTheirRemovalAreRecordedAndGetNoReply() {
        String from = "4915700000088";
        String report = newWamid();
        postAndAwait(Payloads.messages(OURS, from, "Erika", text(from, report, "Die Ampel an der Badstraße ist dunkel")));
        long erika = citizenByPhone(from);
        List<String> before = jdbc.queryForList("SELECT purpose FROM outbound_message WHERE citizen_id = ?", String.class, erika);

        // WhatsApp's shapes: a thumbs up on our message, the reaction taken back ("emoji": ""), and
        // a removal that carries no emoji at all.
        postAndAwait(Payloads.messages(OURS, from, "Erika",
                typed(from, newWamid(), "reaction", "{\"message_id\": \"" + report + "\", \"emoji\": \"\\uD83D\\uDC4D\"}"),
                typed(from, newWamid(), "reaction", "{\"message_id\": \"" + report + "\", \"emoji\": \"\"}"),
                typed(from, newWamid(), "reaction", "{\"message_id\": \"" + report + "\"}")));

        assertThat(jdbc.queryForList("SELECT type FROM inbound_message WHERE citizen_id = ? AND accepted = FALSE", String.class, erika))
                .as("recorded, so a redelivery is recognised").containsExactly("reaction", "reaction", "reaction");
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE type = 'reaction' AND (text_enc IS NOT NULL OR media_id IS NOT NULL)"))
                .isZero();
        assertThat(jdbc.queryForList("SELECT purpose FROM outbound_message WHERE citizen_id = ? AND purpose <> 'RECEIPT'", String.class, erika))
                .as("no hint, no answer of any kind").containsExactlyInAnyOrderElementsOf(before.stream().filter(p -> !"RECEIPT".equals(p)).toList());
        assertThat(count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'HINT_UNSUPPORTED'")).isZero();
        assertThat(event().get("STATE")).isEqualTo("PROCESSED");
        assertThat(event().get("REASON")).asString().contains("reaction");
    }

    @Test
    void aPoisonEventIsParkedAndDoesNotBlockLaterOnes() {
        // An event that fails on every attempt (here the database refuses its sticker) must not
        // hold up the events behind it, and is tried again only after a pause that doubles
        // (meldeweg.intake.retry-initial, 0.2 s in the tests: 0.2 + 0.4 + 0.8 + 1.6 s before the fifth attempt).
        jdbc.execute("ALTER TABLE inbound_message ADD CONSTRAINT no_stickers CHECK (type <> 'sticker')");
        long posted = System.nanoTime();
        try {
            String poison = Payloads.messages(OURS, "4915100000010", "Gustav", typed("4915100000010", newWamid(), "sticker", "{\"id\": \"7\"}"));
            assertThat(webhooks.postSigned(poison).statusCode()).isEqualTo(200);
            byte[] later = Fixtures.bytes("text_umlauts.json");
            assertThat(webhooks.post(later, Fixtures.sign(later)).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM inbound_message WHERE accepted = TRUE") == 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM webhook_event WHERE state = 'FAILED'") == 1);
        } finally {
            jdbc.execute("ALTER TABLE inbound_message DROP CONSTRAINT no_stickers");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - posted)).as("four pauses between five attempts")
                .isGreaterThanOrEqualTo(Duration.ofMillis(3000));
        assertThat(jdbc.queryForObject("SELECT attempts FROM webhook_event WHERE state = 'FAILED'", Integer.class)).isEqualTo(5);
        assertThat(jdbc.queryForObject("SELECT reason FROM webhook_event WHERE state = 'FAILED'", String.class)).startsWith("processing failed");
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE accepted = TRUE")).isEqualTo(1);
    }

    @Test
    void eventsWaitingTogetherAreClaimedAsOneBatchAndABadOneFallsBackAlone(CapturedOutput output) throws Exception {
        // Intake paused, so that the next look finds several stored events and takes them as one batch.
        camel.getRouteController().stopRoute("intake");
        String first = newWamid(), second = newWamid(), third = newWamid();
        assertThat(webhooks.postSigned(Payloads.messages(OURS, "4915100000021", "Ada", text("4915100000021", first, "Ampel aus")))
                .statusCode()).isEqualTo(200);
        assertThat(webhooks.postSigned(Payloads.messages(OURS, "4915100000022", "Ben", text("4915100000022", second, "Bank kaputt")))
                .statusCode()).isEqualTo(200);
        camel.getRouteController().startRoute("intake");
        awaitIntakeIdle();
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE accepted = TRUE")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM webhook_event WHERE state = 'PROCESSED' AND processed_at IS NOT NULL")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM outbound_message WHERE purpose = 'PRIVACY_NOTICE'")).as("one notice per new citizen").isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM webhook_event_citizen l JOIN webhook_event e ON e.id = l.event_id "
                + "JOIN citizen c ON c.id = l.citizen_id WHERE e.state = 'PROCESSED'"))
                .as("each event linked to its citizen (what an erasure finds)").isEqualTo(2);
        assertThat(output.getAll()).as("the two events were one batch, not worked on one by one").doesNotContain("A batch of");

        // A report and then "Löschen" of the same citizen in one batch: the erasure finds the
        // report's raw event by its link (written before the erasure) and deletes it with the rest.
        camel.getRouteController().stopRoute("intake");
        assertThat(webhooks.postSigned(Payloads.messages(OURS, "4915100000025", "Eli", text("4915100000025", newWamid(), "Bank kaputt")))
                .statusCode()).isEqualTo(200);
        assertThat(webhooks.postSigned(Payloads.messages(OURS, "4915100000025", "Eli", text("4915100000025", newWamid(), "Löschen")))
                .statusCode()).isEqualTo(200);
        long events = count("SELECT COUNT(*) FROM webhook_event");
        camel.getRouteController().startRoute("intake");
        awaitIntakeIdle();
        assertThat(output.getAll()).as("one batch").doesNotContain("A batch of");
        assertThat(count("SELECT COUNT(*) FROM citizen WHERE phone_hash = ?", citizens.phoneHash("4915100000025"))).isZero();
        assertThat(count("SELECT COUNT(*) FROM webhook_event")).as("both raw events of the erased citizen deleted")
                .isEqualTo(events - 2);
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE accepted = TRUE")).isEqualTo(2);

        // A batch with an event the database refuses: rolled back as a whole, then each event on its
        // own (claimed again, the batch's claim is gone with its transaction): the good ones are stored once.
        jdbc.execute("ALTER TABLE inbound_message ADD CONSTRAINT no_stickers_in_batch CHECK (type <> 'sticker')");
        try {
            camel.getRouteController().stopRoute("intake");
            assertThat(webhooks.postSigned(Payloads.messages(OURS, "4915100000023", "Cem",
                    typed("4915100000023", newWamid(), "sticker", "{\"id\": \"7\"}"))).statusCode()).isEqualTo(200);
            assertThat(webhooks.postSigned(Payloads.messages(OURS, "4915100000024", "Dora", text("4915100000024", third, "Laterne flackert")))
                    .statusCode()).isEqualTo(200);
            camel.getRouteController().startRoute("intake");
            await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM inbound_message WHERE accepted = TRUE") == 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().contains("A batch of 2 webhook events failed"));
        } finally {
            jdbc.execute("ALTER TABLE inbound_message DROP CONSTRAINT no_stickers_in_batch");
        }
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE message_key = ?", messageKey(third))).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM webhook_event WHERE attempts >= 1")).as("only the sticker's event failed").isEqualTo(1);
    }
}
