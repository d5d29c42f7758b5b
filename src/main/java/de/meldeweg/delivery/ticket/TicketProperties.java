package de.meldeweg.delivery.ticket;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ticket system ({@code meldeweg.ticket.*}). Empty values fall back to the system's default
 * (see {@link TicketPresets}).
 *
 * @param system         {@code none}, {@code zammad}, {@code znuny}, {@code redmine} or {@code open311}
 * @param baseUrl        everything before the request paths, e.g. {@code https://tickets.calw.example}
 * @param token          Zammad access token, Redmine API key, Open311 api_key, Znuny password of {@code user}
 * @param user           Znuny agent login (UserLogin); unused by the others
 * @param customer       the fixed pseudonymous customer of every ticket (Zammad customer, Znuny CustomerUser), never a citizen
 * @param path           the create request's path, when it differs from the system's default
 * @param priority       priority of ordinary reports (Zammad/Znuny name, Redmine priority_id)
 * @param urgentPriority priority of urgent reports
 * @param urgentPrefix   text in front of titles (and of the Open311 description) of urgent reports
 */
@ConfigurationProperties("meldeweg.ticket")
public record TicketProperties(
        @DefaultValue("none") String system,
        @DefaultValue("") String baseUrl,
        @DefaultValue("") String token,
        @DefaultValue("") String user,
        @DefaultValue("meldeweg@stadt.example") String customer,
        @DefaultValue("") String path,
        @DefaultValue("") String priority,
        @DefaultValue("") String urgentPriority,
        @DefaultValue("[DRINGEND] ") String urgentPrefix) {

    public TicketProperties {
        system = system == null ? "none" : system.strip().toLowerCase();
        baseUrl = orEmpty(baseUrl);
        token = orEmpty(token);
        user = orEmpty(user);
        customer = orEmpty(customer);
        path = orEmpty(path);
        priority = orEmpty(priority);
        urgentPriority = orEmpty(urgentPriority);
        urgentPrefix = urgentPrefix == null ? "" : urgentPrefix;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s.strip();
    }

    /** The configured value, or the fallback when it is empty. */
    static String or(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
