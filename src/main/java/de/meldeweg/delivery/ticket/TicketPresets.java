package de.meldeweg.delivery.ticket;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The preset of the configured ticket system ({@code meldeweg.ticket.system}). A system other than
 * {@code none} without its base URL, credentials or template stops the start with a message that
 * names what is missing.
 */
@Component
public class TicketPresets {

    public static final List<String> SYSTEMS = List.of("none", "zammad", "znuny", "redmine", "open311");

    /** An Open311 server that creates requests later answers with a token; the ticket id is then {@code token:<token>}. */
    public static final String OPEN311_TOKEN_PREFIX = Open311Preset.TOKEN_PREFIX;

    private final TicketProperties properties;
    private final TicketPreset preset;

    public TicketPresets(TicketProperties properties,
                         @Value("${meldeweg.templates-dir:./config/templates}") String templatesDir,
                         @Value("${meldeweg.intake.time-zone:Europe/Berlin}") String timeZone) {
        this.properties = properties;
        TicketTemplates templates = new TicketTemplates(Path.of(templatesDir));
        this.preset = create(properties, templates, ZoneId.of(timeZone));
        if (preset != null) {
            check(templates);
        }
    }

    /** The preset for {@code properties.system()}, or null for {@code none}. */
    static TicketPreset create(TicketProperties properties, TicketTemplates templates, ZoneId zone) {
        return switch (properties.system()) {
            case "none" -> null;
            case "zammad" -> new ZammadPreset(templates, properties, zone);
            case "znuny" -> new ZnunyPreset(templates, properties, zone);
            case "redmine" -> new RedminePreset(templates, properties, zone);
            case "open311" -> new Open311Preset(templates, properties, zone);
            default -> throw new IllegalStateException("meldeweg.ticket.system '" + properties.system()
                    + "' is unknown; use one of " + String.join(", ", SYSTEMS));
        };
    }

    private void check(TicketTemplates templates) {
        List<String> missing = new ArrayList<>();
        if (properties.baseUrl().isEmpty()) {
            missing.add("meldeweg.ticket.base-url (MELDEWEG_TICKET_BASE_URL)");
        }
        if (properties.token().isEmpty()) {
            missing.add("meldeweg.ticket.token (MELDEWEG_TICKET_TOKEN)");
        }
        if (preset instanceof ZnunyPreset && properties.user().isEmpty()) {
            missing.add("meldeweg.ticket.user (MELDEWEG_TICKET_USER), the Znuny agent login");
        }
        TemplatePreset templated = (TemplatePreset) preset;
        for (String name : java.util.Arrays.asList(templated.templateName(), templated.photoTemplateName())) {
            Path template = name == null ? null : templates.file(name);
            if (template != null && !Files.isRegularFile(template)) {
                missing.add("the template " + template.toAbsolutePath() + " (meldeweg.templates-dir)");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Ticket system " + preset.name() + " is missing " + String.join(", ", missing));
        }
    }

    /** A ticket system is configured (not {@code none}). */
    public boolean enabled() {
        return preset != null;
    }

    /** The configured system's preset. */
    public TicketPreset preset() {
        if (preset == null) {
            throw new IllegalStateException("No ticket system configured (meldeweg.ticket.system=none)");
        }
        return preset;
    }

    /** What the request paths are relative to. */
    public String baseUrl() {
        return properties.baseUrl();
    }
}
