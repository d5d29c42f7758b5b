package de.meldeweg.tickets;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

/**
 * The ticket system ({@code meldeweg.ticket.*}). Defaults in application.yaml; empty values fall back
 * to the system's default (see {@link TicketAdapters}); a wrong value stops the start and names the setting.
 *
 * @param system           {@code none}, {@code zammad}, {@code znuny}, {@code redmine} or {@code open311}
 * @param baseUrl          everything before the request paths, e.g. {@code https://tickets.calw.example}
 * @param token            Zammad access token, Redmine API key, Open311 api_key, Znuny password of {@code user}
 * @param user             Znuny agent login (UserLogin); unused by the others
 * @param customer         the fixed pseudonymous customer of every ticket (Zammad customer, Znuny CustomerUser), never a citizen
 * @param path             the create request's path, when it differs from the system's default
 * @param priority         priority of ordinary reports (Zammad/Znuny name, Redmine priority_id)
 * @param urgentPriority   priority of urgent reports
 * @param urgentPrefix     text in front of titles (and of the Open311 description) of urgent reports
 * @param connectTimeout   how long a ticket call waits for the connection
 * @param responseTimeout  how long a ticket call waits for the answer once connected
 * @param referenceFieldId Redmine: id of the issue custom field that carries the case reference (set on create, searched
 *                         after a crash); empty: not set, and a create that may have reached Redmine becomes a dead letter
 * @param ignoredAuthors   user ids, logins or names whose articles/notes are never relayed (e.g. the mail gateway's account)
 * @param followAfterClose a case closed another way (mail, admin) is still watched this long: late answers become dead letters
 */
@Validated
@ConfigurationProperties("meldeweg.ticket")
public record TicketProperties(
        TicketSystem system,
        String baseUrl,
        String token,
        String user,
        String customer,
        String path,
        String priority,
        String urgentPriority,
        String urgentPrefix,
        @NotNull @DurationMin(millis = 1) Duration connectTimeout,
        @NotNull @DurationMin(millis = 1) Duration responseTimeout,
        Integer referenceFieldId,
        List<String> ignoredAuthors,
        @NotNull @DurationMin(millis = 0) Duration followAfterClose) {

    /** Ticket calls of tests and tools that name no timeouts wait as long as application.yaml's defaults. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FOLLOW_AFTER_CLOSE = Duration.ofDays(7);

    @ConstructorBinding
    public TicketProperties {
        system = system == null ? TicketSystem.NONE : system;
        baseUrl = orEmpty(baseUrl);
        token = orEmpty(token);
        user = orEmpty(user);
        customer = orEmpty(customer);
        path = orEmpty(path);
        priority = orEmpty(priority);
        urgentPriority = orEmpty(urgentPriority);
        urgentPrefix = urgentPrefix == null ? "" : urgentPrefix;
        ignoredAuthors = ignoredAuthors == null ? List.of()
                : ignoredAuthors.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The settings of earlier versions, with the defaults for the rest (tests, tools). */
    public TicketProperties(String system, String baseUrl, String token, String user, String customer, String path,
                            String priority, String urgentPriority, String urgentPrefix) {
        this(TicketSystem.of(system), baseUrl, token, user, customer, path, priority, urgentPriority, urgentPrefix,
                CONNECT_TIMEOUT, RESPONSE_TIMEOUT, null, null, FOLLOW_AFTER_CLOSE);
    }

    /** The same settings with the Redmine reference field and the ignored authors. */
    public TicketProperties with(Integer referenceFieldId, List<String> ignoredAuthors) {
        return new TicketProperties(system, baseUrl, token, user, customer, path, priority, urgentPriority, urgentPrefix,
                connectTimeout, responseTimeout, referenceFieldId, ignoredAuthors, followAfterClose);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s.strip();
    }

    /** The configured value, or the fallback when it is empty. */
    static String or(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
