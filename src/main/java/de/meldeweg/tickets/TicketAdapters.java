package de.meldeweg.tickets;

import de.meldeweg.MeldewegProperties;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;

import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The adapter of the configured ticket system ({@code meldeweg.ticket.system}). A system other than
 * {@code none} without its base URL, credentials or template stops the start with a message that
 * names what is missing.
 */
@Component("ticketAdapters")
public class TicketAdapters {

    /** An Open311 server that creates requests later answers with a token; the ticket id is then {@code token:<token>}. */
    public static final String OPEN311_TOKEN_PREFIX = Open311Adapter.TOKEN_PREFIX;

    private final TicketProperties properties;
    private final TicketAdapter adapter;

    @org.springframework.beans.factory.annotation.Autowired
    public TicketAdapters(TicketProperties properties, MeldewegProperties meldeweg, RedmineStatusProperties redmine, ObjectMapper json) {
        this(properties, meldeweg.templatesDir(), meldeweg.timeZone(), redmine.redmineClosedStatuses(), json);
    }

    /** Tests and tools name every setting; the service's defaults are in application.yaml. */
    public TicketAdapters(TicketProperties properties, String templatesDir, ZoneId zone, List<String> redmineClosed, ObjectMapper json) {
        this.properties = properties;
        TicketTemplates templates = new TicketTemplates(Path.of(templatesDir), json);
        this.adapter = create(properties, templates, zone, redmineClosed);
        if (adapter != null) {
            check(templates);
        }
    }

    /** The adapter for {@code properties.system()}, or null for {@code none}. */
    static TicketAdapter create(TicketProperties properties, TicketTemplates templates, ZoneId zone, List<String> redmineClosed) {
        return switch (properties.system()) {
            case NONE -> null;
            case ZAMMAD -> new ZammadAdapter(templates, properties, zone);
            case ZNUNY -> new ZnunyAdapter(templates, properties, zone);
            case REDMINE -> new RedmineAdapter(templates, properties, zone, redmineClosed);
            case OPEN311 -> new Open311Adapter(templates, properties, zone);
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
        if (adapter.system() == TicketSystem.ZNUNY && properties.user().isEmpty()) {
            missing.add("meldeweg.ticket.user (MELDEWEG_TICKET_USER), the Znuny agent login");
        }
        TemplateAdapter templated = (TemplateAdapter) adapter;
        for (String name : Arrays.asList(templated.templateName(), templated.photoTemplateName())) {
            Path template = name == null ? null : templates.file(name);
            if (template != null && !Files.isRegularFile(template)) {
                missing.add("the template " + template.toAbsolutePath() + " (meldeweg.templates-dir)");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Ticket system " + adapter.name() + " is missing " + String.join(", ", missing));
        }
    }

    /** A ticket system is configured (not {@code none}). */
    public boolean enabled() {
        return adapter != null;
    }

    public TicketSystem system() {
        return properties.system();
    }

    /** The configured system's adapter. */
    public TicketAdapter adapter() {
        if (adapter == null) {
            throw new IllegalStateException("No ticket system configured (meldeweg.ticket.system=none)");
        }
        return adapter;
    }

    /** What the request paths are relative to. */
    public String baseUrl() {
        return properties.baseUrl();
    }
}
