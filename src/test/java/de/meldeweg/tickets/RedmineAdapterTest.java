package de.meldeweg.tickets;

import static de.meldeweg.tickets.TicketFixtures.BERLIN;
import static de.meldeweg.tickets.TicketFixtures.BODY;
import static de.meldeweg.tickets.TicketFixtures.JPEG;
import static de.meldeweg.tickets.TicketFixtures.JSON;
import static de.meldeweg.tickets.TicketFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests as in https://www.redmine.org/projects/redmine/wiki/Rest_api#Attaching-files and
 * .../wiki/Rest_Issues (and redmine/redmine test/integration/api_test/attachments_test.rb).
 */
class RedmineAdapterTest {

    private static final String UPLOAD_TOKEN = "7.ed32257a2ab0f7526c0d72c32994c58b131bb2c0775f7aa84aae01ea8397ea54";
    private static final String UPLOADED = "{\"upload\":{\"id\":7,\"token\":\"" + UPLOAD_TOKEN + "\"}}";

    private final RedmineAdapter redmine = new RedmineAdapter(TicketFixtures.shippedTemplates(),
            TicketFixtures.properties("redmine", "", "4"), BERLIN);

    @Test
    void uploadsEachPhotoAsRawBytes() {
        List<TicketRequest> uploads = redmine.uploads(TicketFixtures.report(false));

        assertThat(uploads).hasSize(1);
        TicketRequest upload = uploads.get(0);
        assertThat(upload.method()).isEqualTo("POST");
        assertThat(upload.path()).isEqualTo("/uploads.json?filename=foto-1.jpg");
        assertThat(upload.headers()).isEqualTo(Map.of(
                "X-Redmine-API-Key", "s3cr3t-token",
                "Content-Type", "application/octet-stream",
                "Accept", "application/json"));
        assertThat(upload.body()).isEqualTo(JPEG);
    }

    @Test
    void fileNamesAreEncodedInTheQuery() {
        TicketReport report = new TicketReport("WK-2026-000043", "STRASSE", "Straßen", "Tiefbauamt", "tiefbauamt", "STRASSE", "Loch",
                List.of(new TicketPhoto("Foto Straße&1.jpg", "image/jpeg", JPEG, null)), false, null, null, null,
                TicketFixtures.RECEIVED);

        assertThat(redmine.uploads(report).get(0).path()).isEqualTo("/uploads.json?filename=Foto%20Stra%C3%9Fe%261.jpg");
    }

    @Test
    void createsTheIssueWithTheUploadTokens() throws Exception {
        TicketRequest request = redmine.create(TicketFixtures.report(false), List.of(UPLOADED));

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/issues.json");
        assertThat(request.headers()).isEqualTo(Map.of(
                "X-Redmine-API-Key", "s3cr3t-token",
                "Content-Type", "application/json",
                "Accept", "application/json"));
        // not urgent and no meldeweg.ticket.priority: no priority_id, the project's default applies
        assertThat(json(request)).isEqualTo(expected("WK-2026-000042: Straßenbeleuchtung", null));
    }

    @Test
    void urgentReportsGetTheConfiguredPriorityId() throws Exception {
        TicketRequest request = redmine.create(TicketFixtures.report(true), List.of(UPLOADED));

        assertThat(json(request)).isEqualTo(expected("[DRINGEND] WK-2026-000042: Straßenbeleuchtung", 4));
    }

    @Test
    void urgentReportsWithoutAConfiguredPriorityTakeUrgentFromTheInstallation() throws Exception {
        TicketAdapter unconfigured = new RedmineAdapter(TicketFixtures.shippedTemplates(), TicketFixtures.properties("redmine", "", ""), BERLIN);
        // GET /enumerations/issue_priorities.json of an installation with Redmine's default data, in German.
        String priorities = """
                {"issue_priorities":[{"id":1,"name":"Niedrig","is_default":false,"active":true},
                {"id":2,"name":"Normal","is_default":true,"active":true},{"id":3,"name":"Hoch","is_default":false,"active":true},
                {"id":4,"name":"Dringend","is_default":false,"active":true},{"id":5,"name":"Sofort","is_default":false,"active":true}]}""";

        List<TicketRequest> before = unconfigured.uploads(TicketFixtures.report(true));
        assertThat(before).hasSize(2);
        assertThat(before.get(0).method()).isEqualTo("GET");
        assertThat(before.get(0).path()).isEqualTo("/enumerations/issue_priorities.json");
        assertThat(before.get(0).headers()).containsEntry("X-Redmine-API-Key", "s3cr3t-token");
        assertThat(before.get(1).path()).startsWith("/uploads.json");

        JsonNode issue = json(unconfigured.create(TicketFixtures.report(true), List.of(priorities, UPLOADED))).path("issue");
        assertThat(issue.path("priority_id").asInt()).isEqualTo(4);
        assertThat(issue.path("subject").asString()).startsWith("[DRINGEND] ");
        assertThat(issue.path("uploads").get(0).path("token").asString()).isEqualTo(UPLOAD_TOKEN);

        // Ordinary reports need no lookup; an installation with three priorities gives its highest.
        assertThat(unconfigured.uploads(TicketFixtures.report(false))).hasSize(1);
        assertThat(redmine.urgentPriorityId("{\"issue_priorities\":[{\"id\":7,\"is_default\":false},"
                + "{\"id\":8,\"is_default\":true},{\"id\":9,\"is_default\":false}]}")).isEqualTo(9);
        assertThat(redmine.urgentPriorityId("<html>")).isNull();
    }

    @Test
    void withoutPhotosThereAreNoUploads() throws Exception {
        assertThat(redmine.uploads(TicketFixtures.bareReport())).isEmpty();
        JsonNode issue = json(redmine.create(TicketFixtures.bareReport(), List.of())).path("issue");
        assertThat(issue.has("uploads")).isFalse();
        assertThat(issue.path("description").asString()).isEqualTo(TicketFixtures.redmine(TicketFixtures.BARE_BODY));
    }

    @Test
    void uploadAnswersMustCarryATokenAndMatchThePhotos() {
        TicketReport report = TicketFixtures.report(false);

        assertThatThrownBy(() -> redmine.create(report, List.of("{\"errors\":[\"This file cannot be uploaded because it exceeds the maximum allowed file size (5 MB)\"]}")))
                .isInstanceOf(TicketResponseException.class)
                .hasMessageContaining("upload of foto-1.jpg answered without a token");
        assertThatThrownBy(() -> redmine.create(report, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 photos but 0 upload answers");
    }

    @Test
    void theTicketIdIsTheIssueId() {
        String created = """
                {"issue":{"id":4326,"project":{"id":3,"name":"Straßenbeleuchtung"},"tracker":{"id":1,"name":"Fehler"},
                 "status":{"id":1,"name":"Neu","is_closed":false},"priority":{"id":2,"name":"Normal"},
                 "author":{"id":5,"name":"Meldeweg"},"subject":"WK-2026-000042: Straßenbeleuchtung",
                 "description":"...","start_date":"2026-11-29","due_date":null,"done_ratio":0,"is_private":false,
                 "estimated_hours":null,"total_estimated_hours":null,"created_on":"2026-11-29T09:41:20Z",
                 "updated_on":"2026-11-29T09:41:20Z","closed_on":null}}""";

        assertThat(redmine.ticketId(201, created)).isEqualTo("4326");
    }

    @Test
    void validationErrorsThrow() {
        assertThatThrownBy(() -> redmine.ticketId(422, "{\"errors\":[\"Project cannot be blank\",\"Subject cannot be blank\"]}"))
                .isInstanceOfSatisfying(TicketResponseException.class, e -> assertThat(e.ticketMayExist()).isFalse())
                .hasMessage("redmine (HTTP 422): Project cannot be blank; Subject cannot be blank");
        assertThatThrownBy(() -> redmine.ticketId(401, ""))
                .hasMessage("redmine (HTTP 401): (empty answer)");
        assertThatThrownBy(() -> redmine.ticketId(201, "{\"issue\":{}}"))
                .isInstanceOfSatisfying(TicketResponseException.class, e -> assertThat(e.ticketMayExist()).isTrue());
    }

    private static JsonNode expected(String subject, Integer priorityId) {
        ObjectNode request = JSON.createObjectNode();
        ObjectNode issue = request.putObject("issue");
        issue.put("project_id", "Strassenbeleuchtung");
        issue.put("subject", subject);
        issue.put("description", TicketFixtures.redmine(BODY));
        if (priorityId != null) {
            issue.put("priority_id", priorityId);
        }
        issue.putArray("uploads").addObject()
                .put("token", UPLOAD_TOKEN)
                .put("filename", "foto-1.jpg")
                .put("content_type", "image/jpeg")
                .put("description", "Laterne Ecke Bahnhofstraße");
        return request;
    }

    @Test
    void anIssueIsAdoptedOnlyByTheReferenceInTheConfiguredCustomField() throws Exception {
        assertThat(redmine.canAdopt()).as("without reference-field-id Redmine cannot tell its issues apart").isFalse();
        RedmineAdapter withField = new RedmineAdapter(TicketFixtures.shippedTemplates(),
                TicketFixtures.properties("redmine").with(7, List.of()), TicketFixtures.BERLIN);
        TicketReport report = TicketFixtures.bareReport();
        assertThat(TicketFixtures.json(withField.create(report, List.of())).path("issue").path("custom_fields").toString())
                .isEqualTo("[{\"id\":7,\"value\":\"WK-2026-000042\"}]");
        String search = "GET /issues.json?cf_7=WK-2026-000042&status_id=*&limit=10";
        String answer = "{\"issues\": [{\"id\": 4711, \"project\": {\"id\": 1, \"name\": \"Tiefbau\"}, "
                + "\"subject\": \"[WK-2026-000042] Straßenbeleuchtung\", \"custom_fields\": [{\"id\": 7, \"name\": \"Meldeweg-Vorgang\", \"value\": \"WK-2026-0000421\"}]},"
                + "{\"id\": 4712, \"subject\": \"WK-2026-000042: Straßenbeleuchtung\", \"custom_fields\": [{\"id\": 7, \"name\": \"Meldeweg-Vorgang\", \"value\": \"WK-2026-000042\"}]}],"
                + " \"total_count\": 2, \"offset\": 0, \"limit\": 10}";
        assertThat(withField.adopt(report, new TicketFollowersTest.FakeSystem(java.util.Map.of(search, answer)))).contains("4712");
        String titleOnly = "{\"issues\": [{\"id\": 4711, \"subject\": \"[WK-2026-000042] Straßenbeleuchtung\", \"custom_fields\": []}],"
                + " \"total_count\": 1}";
        assertThat(withField.adopt(report, new TicketFollowersTest.FakeSystem(java.util.Map.of(search, titleOnly)))).isEmpty();
    }
}
