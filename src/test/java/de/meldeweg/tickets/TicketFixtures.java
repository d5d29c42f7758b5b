package de.meldeweg.tickets;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** A report that tries hard to break escaping, and the shipped templates in config/templates. */
final class TicketFixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SHIPPED_TEMPLATES = Path.of("config/templates");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static final String REFERENCE = "WK-2026-000042";
    /** Umlauts, ß, emoji (outside the BMP), quotes, backslash, newlines, a fake placeholder. */
    static final String TEXT = "Die Straßenlaterne vor Nr. 7 ist \"seit Tagen\" aus 💡😡\n"
            + "Öffnungszeiten egal – bitte schnell! 'Danke'\n"
            + "C:\\pfad\\n {{token}} & a=b";
    /** The start of a JPEG file, its end marker, and bytes that are not valid UTF-8. */
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00,
            (byte) 0x80, (byte) 0xC3, 0x28, 0x00, (byte) 0xFF, (byte) 0xD9};
    static final String JPEG_BASE64 = "/9j/4AAQSkZJRgCAwygA/9k=";
    static final TicketPhoto PHOTO = new TicketPhoto("foto-1.jpg", "image/jpeg", JPEG, "Laterne Ecke Bahnhofstraße");
    static final Instant RECEIVED = Instant.parse("2026-11-29T09:41:15Z");

    static final String MAP_URL = "https://www.openstreetmap.org/?mlat=48.714857&mlon=8.738844#map=18/48.714857/8.738844";
    /** The body the shipped JSON templates make of {@link #report}. */
    static final String BODY = "Meldung WK-2026-000042 über Meldeweg (WhatsApp)\n"
            + "Kategorie: Straßenbeleuchtung (BELEUCHTUNG)\n"
            + "Zuständig: Tiefbauamt, Straßenbeleuchtung\n"
            + "Eingegangen: 29.11.2026 10:41\n"
            + "Ort: Bahnhofstraße 7, 75365 Calw (48.714857, 8.738844)\n"
            + "Karte: " + MAP_URL + "\n"
            + "\n"
            + "Nachricht (pseudonymisiert):\n"
            + TEXT + "\n"
            + "\n"
            + "Fotos: 1\n"
            + "- foto-1.jpg: Laterne Ecke Bahnhofstraße";
    /** The same for {@link #bareReport}: no location, no photos. */
    static final String BARE_BODY = "Meldung WK-2026-000042 über Meldeweg (WhatsApp)\n"
            + "Kategorie: Straßenbeleuchtung (BELEUCHTUNG)\n"
            + "Zuständig: Tiefbauamt, Straßenbeleuchtung\n"
            + "Eingegangen: 29.11.2026 10:41\n"
            + "Ort: keine Angabe\n"
            + "Karte: -\n"
            + "\n"
            + "Nachricht (pseudonymisiert):\n"
            + TEXT + "\n"
            + "\n"
            + "Fotos: 0\n";

    private TicketFixtures() {
    }

    /** A body as Redmine gets it: the citizen's text escaped, so that no Textile or Markdown in it takes effect. */
    static String redmine(String body) {
        return body.replace(TEXT, CitizenMarkup.REDMINE.escape(TEXT));
    }

    static TicketReport report(boolean urgent) {
        return new TicketReport(REFERENCE, "BELEUCHTUNG", "Straßenbeleuchtung", "Tiefbauamt, Straßenbeleuchtung",
                "Strassenbeleuchtung", "BELEUCHTUNG", TEXT, List.of(PHOTO), urgent,
                48.714857, 8.738844, "Bahnhofstraße 7, 75365 Calw", RECEIVED);
    }

    /** No photos, no location. */
    static TicketReport bareReport() {
        return new TicketReport(REFERENCE, "BELEUCHTUNG", "Straßenbeleuchtung", "Tiefbauamt, Straßenbeleuchtung",
                "Strassenbeleuchtung", "BELEUCHTUNG", TEXT, List.of(), false, null, null, null, RECEIVED);
    }

    static TicketProperties properties(String system) {
        return properties(system, "", "");
    }

    static TicketProperties properties(String system, String priority, String urgentPriority) {
        return new TicketProperties(system, "https://tickets.calw.example", "s3cr3t-token", "meldeweg-agent",
                "meldeweg@stadt.example", "", priority, urgentPriority, "[DRINGEND] ");
    }

    /** The service's JSON mapper, as its one bean is made. */
    static final ObjectMapper MAPPER = de.meldeweg.MeldewegConfiguration.jsonMapper();

    static TicketTemplates shippedTemplates() {
        return new TicketTemplates(SHIPPED_TEMPLATES, MAPPER);
    }

    static TicketTemplates templates(java.nio.file.Path templatesDir) {
        return new TicketTemplates(templatesDir, MAPPER);
    }

    /** The adapters of {@code properties} with the templates of {@code templatesDir}; Redmine closes with "Closed". */
    static TicketAdapters adapters(TicketProperties properties, String templatesDir) {
        return new TicketAdapters(properties, templatesDir, BERLIN, List.of("Closed"), MAPPER);
    }

    static JsonNode json(TicketRequest request) throws Exception {
        return JSON.readTree(request.bodyText());
    }
}
