package de.meldeweg.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

class TicketTemplatesTest {

    @TempDir
    Path dir;
    private TicketTemplates templates;
    private final Map<String, Object> values = new HashMap<>();

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(dir.resolve("tickets"));
        templates = TicketFixtures.templates(dir);
        values.put("reference", "WK-2026-000042");
        values.put("text", TicketFixtures.TEXT);
        values.put("count", 2);
        values.put("latitude", 48.714857);
        values.put("none", null);
        values.put("empty", "");
        values.put("list", List.of(Map.of("a", 1)));
    }

    @Test
    void insideStringsValuesAreEscapedOutsideTheyAreWholeValues() throws IOException {
        write("t.json", """
                {"title": "Meldung {{reference}}: {{text}}", "n": {{count}}, "lat": {{latitude}}, "list": {{list}},
                 "text": {{text}}, "quoted": "\\"{{count}}\\"", "none": {{none}}}""");

        JsonNode json = templates.json("t.json", values);

        assertThat(json.path("title").asString()).isEqualTo("Meldung WK-2026-000042: " + TicketFixtures.TEXT);
        assertThat(json.path("text").asString()).isEqualTo(TicketFixtures.TEXT);
        assertThat(json.path("n").isInt()).isTrue();
        assertThat(json.path("lat").asDouble()).isEqualTo(48.714857);
        assertThat(json.path("list").toString()).isEqualTo("[{\"a\":1}]");
        assertThat(json.path("quoted").asString()).isEqualTo("\"2\"");
        assertThat(json.has("none")).as("null members are dropped").isFalse();
    }

    @Test
    void aCitizensTextIsNeverReadAsTemplate() throws IOException {
        write("t.json", "{\"t\": \"{{text}}\"}");
        values.put("text", "{{reference}} \"}, \"evil\": 1, \"x\": \"");

        JsonNode json = templates.json("t.json", values);

        assertThat(json.path("t").asString()).isEqualTo("{{reference}} \"}, \"evil\": 1, \"x\": \"");
        assertThat(json.has("evil")).isFalse();
    }

    @Test
    void fallbacksStandInForEmptyValues() throws IOException {
        write("t.json", "{\"a\": \"{{none|keine Angabe}}\", \"b\": \"{{empty|-}}\", \"c\": {{none|Calw}}, \"d\": \"{{reference|x}}\"}");

        JsonNode json = templates.json("t.json", values);

        assertThat(json.path("a").asString()).isEqualTo("keine Angabe");
        assertThat(json.path("b").asString()).isEqualTo("-");
        assertThat(json.path("c").asString()).isEqualTo("Calw");
        assertThat(json.path("d").asString()).isEqualTo("WK-2026-000042");
    }

    @Test
    void mistakesAreNamedWithFileAndLine() throws IOException {
        write("unknown.json", "{\n\"a\": \"{{phone}}\"}");
        write("broken.json", "{\"a\": \"{{reference}}\",}");
        write("list.json", "{\"a\": \"{{list}}\"}");
        write("open.json", "{\"a\": \"{{reference\"}");
        write("array.json", "[{{count}}]");

        assertThatThrownBy(() -> templates.json("unknown.json", values))
                .hasMessageContaining("unknown.json, line 2: unknown placeholder {{phone}}; known are ");
        assertThatThrownBy(() -> templates.json("broken.json", values)).hasMessageContaining("is not valid JSON once filled in");
        assertThatThrownBy(() -> templates.json("list.json", values)).hasMessageContaining("{{list}} is a list; write it outside quotes");
        assertThatThrownBy(() -> templates.json("open.json", values)).hasMessageContaining("{{ without }}");
        assertThatThrownBy(() -> templates.json("array.json", values)).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> templates.json("missing.json", values)).hasMessageContaining("cannot be read (meldeweg.templates-dir)");
    }

    @Test
    void formTemplatesGiveFieldsInOrderWithoutEmptyOnesAndComments() throws IOException {
        write("t.form", """
                # a comment
                ref={{reference}}

                text=Zeile 1\\nZeile 2: {{text}}
                none={{none}}
                lat={{latitude}}
                place={{none|Calw}}
                """);

        assertThat(templates.form("t.form", values)).containsExactly(
                Map.entry("ref", "WK-2026-000042"),
                Map.entry("text", "Zeile 1\nZeile 2: " + TicketFixtures.TEXT),
                Map.entry("lat", "48.714857"),
                Map.entry("place", "Calw"));
    }

    @Test
    void formTemplatesNeedLiteralFieldNames() throws IOException {
        write("bad.form", "{{reference}}=x\n");
        write("nofield.form", "just text\n");

        assertThatThrownBy(() -> templates.form("bad.form", values)).hasMessageContaining("line 1: expected field=value");
        assertThatThrownBy(() -> templates.form("nofield.form", values)).hasMessageContaining("line 1: expected field=value");
    }

    @Test
    void anAdminsEditCountsFromTheNextTicket(@TempDir Path copy) throws IOException {
        Files.createDirectories(copy.resolve("tickets"));
        Path file = copy.resolve("tickets/zammad.json");
        Files.copy(TicketFixtures.SHIPPED_TEMPLATES.resolve("tickets/zammad.json"), file);
        TicketAdapter zammad = new ZammadAdapter(TicketFixtures.templates(copy), TicketFixtures.properties("zammad"), TicketFixtures.BERLIN);
        TicketReport report = TicketFixtures.report(false);
        assertThat(zammad.create(report, List.of()).bodyText()).contains("\"title\":\"WK-2026-000042: Straßenbeleuchtung\"");

        Files.writeString(file, Files.readString(file).replace("\"title\": \"{{urgentPrefix}}{{reference}}: {{categoryName}}\"",
                "\"title\": \"Bürgermeldung {{reference}}\""));

        assertThat(zammad.create(report, List.of()).bodyText()).contains("\"title\":\"Bürgermeldung WK-2026-000042\"");
    }

    @Test
    void aTemplateWithoutTheReferenceIsRefused(@TempDir Path copy) throws IOException {
        Files.createDirectories(copy.resolve("tickets"));
        Files.writeString(copy.resolve("tickets/zammad.json"), "{\"title\": \"Meldung\", \"group\": \"{{queue}}\"}");
        TicketAdapter zammad = new ZammadAdapter(TicketFixtures.templates(copy), TicketFixtures.properties("zammad"), TicketFixtures.BERLIN);

        assertThatThrownBy(() -> zammad.create(TicketFixtures.bareReport(), List.of()))
                .hasMessageContaining("must contain {{reference}}");
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve("tickets").resolve(name), content);
    }
}
