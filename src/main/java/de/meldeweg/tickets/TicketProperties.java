package de.meldeweg.tickets;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ticket system ({@code meldeweg.ticket.*}). Empty values fall back to the system's default
 * (see {@link TicketAdapters}).
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
 */
@ConfigurationProperties("meldeweg.ticket")
public record TicketProperties(
        @DefaultValue("none") TicketSystem system,
        @DefaultValue("") String baseUrl,
        @DefaultValue("") String token,
        @DefaultValue("") String user,
        @DefaultValue("meldeweg@stadt.example") String customer,
        @DefaultValue("") String path,
        @DefaultValue("") String priority,
        @DefaultValue("") String urgentPriority,
        @DefaultValue("[DRINGEND] ") String urgentPrefix,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration responseTimeout,
        Integer referenceFieldId,
        @DefaultValue("") List<String> ignoredAuthors) {

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
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        responseTimeout = responseTimeout == null ? Duration.ofSeconds(30) : responseTimeout;
        ignoredAuthors = ignoredAuthors == null ? List.of()
                : ignoredAuthors.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (connectTimeout.isNegative() || connectTimeout.isZero() || responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalStateException("meldeweg.ticket.connect-timeout and meldeweg.ticket.response-timeout must be positive");
        }
    }

    /** The settings of earlier versions, with the defaults for the rest (tests, tools). */
    public TicketProperties(String system, String baseUrl, String token, String user, String customer, String path,
                            String priority, String urgentPriority, String urgentPrefix) {
        this(TicketSystem.of(system), baseUrl, token, user, customer, path, priority, urgentPriority, urgentPrefix,
                null, null, null, null);
    }

    /** The same settings with the Redmine reference field and the ignored authors. */
    public TicketProperties with(Integer referenceFieldId, List<String> ignoredAuthors) {
        return new TicketProperties(system, baseUrl, token, user, customer, path, priority, urgentPriority, urgentPrefix,
                connectTimeout, responseTimeout, referenceFieldId, ignoredAuthors);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s.strip();
    }

    /** The configured value, or the fallback when it is empty. */
    static String or(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
