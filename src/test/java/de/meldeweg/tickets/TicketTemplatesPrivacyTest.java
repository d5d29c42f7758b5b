package de.meldeweg.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The shipped ticket templates (and the note on a ticket after an erasure) carry nothing about a
 * citizen: no phone number, no personal fields, only placeholders Meldeweg knows (and TicketReport
 * has no citizen data by design), and the only "customer" is the configured pseudonym.
 */
class TicketTemplatesPrivacyTest {

    private static final Path DIRECTORY = TicketFixtures.SHIPPED_TEMPLATES.resolve(TicketTemplates.DIRECTORY);
    private static final Pattern PHONE = Pattern.compile("(\\+|00)?\\d[\\d \\-/()]{6,}\\d");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9]+)");
    private static final Pattern JSON_KEY = Pattern.compile("\"([A-Za-z_\\-]+)\"\\s*:");
    private static final Set<String> PERSONAL_KEYS = Set.of("phone", "mobile", "email", "firstname", "lastname", "first_name",
            "last_name", "name", "from", "to", "cc", "device_id", "account_id", "customer_id", "customeruserlogin", "address_id",
            "wa_id", "sender");

    @Test
    void theFourSystemsHaveTheirTemplateAndThereIsTheNoteAfterAnErasure() throws IOException {
        assertThat(templates()).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("zammad.json", "znuny.json", "redmine.json", "open311.form", "erasure-note.txt",
                        "zammad-photos.json", "znuny-photos.json", "redmine-photos.json");
    }

    @Test
    void noTemplateContainsAPhoneNumber() throws IOException {
        for (Path template : templates()) {
            Matcher phone = PHONE.matcher(Files.readString(template));
            boolean found = phone.find();
            assertThat(found).as(template + (found ? " contains " + phone.group() : "")).isFalse();
        }
    }

    @Test
    void templatesUseOnlyKnownPlaceholdersNoneOfThemAboutThePerson() throws IOException {
        // The photo templates know the ticket's id besides what every template knows.
        Set<String> known = new ZammadAdapter(TicketFixtures.shippedTemplates(), TicketFixtures.properties("zammad"), TicketFixtures.BERLIN)
                .photoValues("4711", TicketFixtures.report(false), List.of()).keySet();
        assertThat(known).doesNotContain("phone", "sender", "name", "email", "waId", "contact", "citizen");
        for (Path template : templates()) {
            Matcher placeholder = PLACEHOLDER.matcher(Files.readString(template));
            while (placeholder.find()) {
                assertThat(known).as(template.toString()).contains(placeholder.group(1));
            }
        }
    }

    @Test
    void noTemplateHasAPersonalField() throws IOException {
        for (Path template : templates()) {
            String content = Files.readString(template);
            if (template.toString().endsWith(".form")) {
                for (String line : content.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList()) {
                    assertThat(Open311Adapter.PERSONAL_FIELDS).as(template + ": " + line).doesNotContain(line.substring(0, line.indexOf('=')));
                }
            } else {
                Matcher key = JSON_KEY.matcher(content);
                while (key.find()) {
                    assertThat(PERSONAL_KEYS).as(template + ": " + key.group(1)).doesNotContain(key.group(1).toLowerCase());
                }
            }
        }
    }

    @Test
    void theOnlyCustomerIsTheConfiguredPseudonym() throws Exception {
        TicketReport report = TicketFixtures.report(false);
        JsonNode zammad = TicketFixtures.json(new ZammadAdapter(TicketFixtures.shippedTemplates(),
                TicketFixtures.properties("zammad"), TicketFixtures.BERLIN).create(report, List.of()));
        JsonNode znuny = TicketFixtures.json(new ZnunyAdapter(TicketFixtures.shippedTemplates(),
                TicketFixtures.properties("znuny"), TicketFixtures.BERLIN).create(report, List.of()));

        assertThat(zammad.path("customer").asString()).isEqualTo("meldeweg@stadt.example");
        assertThat(znuny.at("/Ticket/CustomerUser").asString()).isEqualTo("meldeweg@stadt.example");
        assertThat(znuny.path("Article").has("From")).isFalse();
    }

    @Test
    void noSecretPassesThroughATemplate() throws IOException {
        for (Path template : templates()) {
            String withoutComments = Files.readString(template).lines()
                    .filter(line -> !line.startsWith("#"))
                    .reduce("", (a, b) -> a + b + "\n");
            assertThat(withoutComments).as(template.toString())
                    .doesNotContain("{{token", "Password", "UserLogin", "api_key", "SessionID");
        }
    }

    private static List<Path> templates() throws IOException {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
