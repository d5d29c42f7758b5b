package de.meldeweg.console.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import de.meldeweg.console.ConsoleSession;
import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MeldewegTestBase;
import de.meldeweg.support.Payloads;

/**
 * The directory editor as an admin uses it, over HTTP with a signed-in session: a changed e-mail
 * address is saved atomically with a backup, picked up by the running service, and the next report
 * goes there; a wrong address is refused and nothing is written; the test box shows what a text
 * would do now and with an unsaved edit; only ADMIN opens the editor.
 */
class DirectoryEditorTest extends MeldewegTestBase {

    private static final Path DIR = Path.of("target/directory-editor-" + UUID.randomUUID());

    @Autowired
    DirectoryFile file;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Files.createDirectories(DIR);
        Files.copy(Path.of("config/departments.yaml"), DIR.resolve("departments.yaml"));
        registry.add("meldeweg.directory.dir", DIR::toString);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:directory-editor;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("meldeweg.case.grouping-window", () -> "PT1S");
        registry.add("meldeweg.case.assembly-interval", () -> "200");
        ConsoleSession.accounts(registry);
    }

    /** The form fields a browser sends for this directory. */
    static Map<String, String> fields(DirectoryForm form, String action, String message) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < form.getDepartments().size(); i++) {
            DirectoryForm.Department d = form.getDepartments().get(i);
            fields.put("departments[" + i + "].key", d.getKey());
            fields.put("departments[" + i + "].name", d.getName());
            fields.put("departments[" + i + "].email", d.getEmail());
            fields.put("departments[" + i + "].replyFrom", d.getReplyFrom());
            fields.put("departments[" + i + "].ticketQueue", d.getTicketQueue());
        }
        for (int i = 0; i < form.getCategories().size(); i++) {
            DirectoryForm.Category c = form.getCategories().get(i);
            fields.put("categories[" + i + "].code", c.getCode());
            fields.put("categories[" + i + "].name", c.getName());
            fields.put("categories[" + i + "].department", c.getDepartment());
            fields.put("categories[" + i + "].serviceCode", c.getServiceCode());
            fields.put("categories[" + i + "].keywords", c.getKeywords());
        }
        fields.put("message", message);
        fields.put("action", action);
        return fields;
    }

    private static DirectoryForm.Department department(DirectoryForm form, String key) {
        return form.getDepartments().stream().filter(d -> d.getKey().equals(key)).findFirst().orElseThrow();
    }

    private static DirectoryForm.Category category(DirectoryForm form, String code) {
        return form.getCategories().stream().filter(c -> c.getCode().equals(code)).findFirst().orElseThrow();
    }

    @Test
    void aChangedAddressIsSavedWithABackupAndTheNextReportGoesThere() throws IOException {
        ConsoleSession admin = ConsoleSession.signIn(port, "leitung");
        DirectoryForm form = file.read();
        department(form, "tiefbauamt").setEmail("strassen-neu@stadt-calw.example");
        department(form, "tiefbauamt").setReplyFrom("max.mustermann@stadt-calw.example");

        HttpResponse<String> saved = admin.submit("/console/directory", "/console/directory", fields(form, "save", ""));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(admin.get("/console/directory").body()).contains("Gespeichert").contains("strassen-neu@stadt-calw.example");

        String yaml = Files.readString(DIR.resolve("departments.yaml"), StandardCharsets.UTF_8);
        assertThat(yaml).contains("email: \"strassen-neu@stadt-calw.example\"").contains("reply-from: [\"max.mustermann@stadt-calw.example\"]")
                .startsWith("# The department directory of the city of Calw");
        try (var files = Files.list(DIR)) {
            List<Path> backups = files.filter(p -> p.getFileName().toString().matches("departments\\.yaml\\.\\d{4}-\\d\\d-\\d\\dT.*\\.bak")).toList();
            assertThat(backups).hasSize(1);
            assertThat(Files.readString(backups.get(0))).contains("email: tiefbauamt@stadt-calw.example");
        }
        assertThat(jdbc.queryForList("SELECT detail FROM console_audit WHERE action = 'VERZEICHNIS_GESPEICHERT' AND actor = 'leitung'", String.class))
                .singleElement().asString().contains("tiefbauamt: E-Mail tiefbauamt@stadt-calw.example → strassen-neu@stadt-calw.example");

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT email FROM department WHERE dept_key = 'tiefbauamt'", String.class).equals("strassen-neu@stadt-calw.example"));
        String phone = "4915112345001";
        webhooks.postSigned(Payloads.messages(Fixtures.PHONE_NUMBER_ID, phone, "Erika Beispiel",
                Payloads.text(phone, Payloads.newWamid(), "Riesiges Schlagloch in der Bahnhofstraße vor Hausnummer 12")));
        assertThat(await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForList(
                "SELECT department_email FROM report_case WHERE department_email IS NOT NULL", String.class), l -> !l.isEmpty()))
                .containsExactly("strassen-neu@stadt-calw.example");
    }

    @Test
    void aWrongAddressIsRefusedAndNothingIsWritten() throws IOException {
        String before = Files.readString(DIR.resolve("departments.yaml"));
        ConsoleSession admin = ConsoleSession.signIn(port, "leitung");
        DirectoryForm form = file.read();
        department(form, "bauhof").setEmail("bauhof(at)stadt-calw");
        category(form, "GRUEN").setDepartment("gibt-es-nicht");

        HttpResponse<String> page = admin.submit("/console/directory", "/console/directory", fields(form, "save", ""));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Nicht gespeichert").contains("„bauhof(at)stadt-calw“ ist keine gültige E-Mail-Adresse")
                .contains("Kategorie GRUEN: die Abteilung „gibt-es-nicht“ gibt es nicht").contains("value=\"bauhof(at)stadt-calw\"");
        assertThat(Files.readString(DIR.resolve("departments.yaml"))).isEqualTo(before);
    }

    @Test
    void theTestBoxShowsTheVerdictsNowAndWithAnUnsavedEdit() {
        ConsoleSession admin = ConsoleSession.signIn(port, "leitung");
        DirectoryForm form = file.read();
        category(form, "STRASSE").setKeywords(category(form, "STRASSE").getKeywords().replaceAll("(?m)^schlagloch$", ""));
        category(form, "WINTERDIENST").setKeywords(category(form, "WINTERDIENST").getKeywords() + "\nschlagloch\nlaterne");

        String page = admin.submit("/console/directory", "/console/directory",
                fields(form, "test", "Schlagloch in der Lederstraße, es brennt und raucht!")).body();
        assertThat(section(page, "now-category")).startsWith("STRASSE");
        assertThat(section(page, "draft-category")).startsWith("WINTERDIENST");
        assertThat(section(page, "now-words")).contains("schlagloch");
        assertThat(section(page, "draft-department")).contains("winterdienst@stadt-calw.example");
        // The safety's explanation (as POST /admin/explain gives it): the list entries with the words of the text that matched them.
        assertThat(section(page, "test-urgent")).contains("ja, wegen:").contains("brennt | brennen").contains("=raucht !grill !kamin (raucht)");
        assertThat(section(page, "test-abuse")).contains("nein");
        assertThat(page).contains("id=\"test-changed\"").contains("Das Stichwort „laterne“ steht in mehreren Kategorien (BELEUCHTUNG, WINTERDIENST)")
                .doesNotContain("Gespeichert");
    }

    @Test
    void onlyAnAdminOpensTheEditor() {
        ConsoleSession viewer = ConsoleSession.signIn(port, "lesen");
        HttpResponse<String> answer = viewer.get("/console/directory");
        assertThat(answer.statusCode()).isIn(302, 403);
        assertThat(answer.body()).doesNotContain("departments[0].email");
        assertThat(answer.headers().firstValue("Location").orElse("/console/denied")).endsWith("/console/denied");
    }

    /** The text of the element with this id, tags removed. */
    static String section(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as(id).isNotNegative();
        int open = page.indexOf('>', start) + 1;
        int end = page.indexOf("</" + (page.startsWith("<p", page.lastIndexOf('<', start)) ? "p" : "td") + ">", open);
        return page.substring(open, end).replaceAll("<[^>]+>", "").replace("&lt;", "<").replace("&gt;", ">").strip();
    }
}
