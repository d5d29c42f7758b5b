package de.meldeweg.tickets;

import java.util.List;

import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Redmine's statuses that close a case ({@code meldeweg.replies.redmine-closed-statuses}). The setting keeps
 * its name among the reply settings, where admins look for it; the record lives with the ticket adapters,
 * which use it (the replies feature depends on the adapters, not the other way round). Default in
 * application.yaml; an empty list stops the start and names the setting.
 *
 * @param redmineClosedStatuses Redmine status names that count as closed: the case is closed with its ticket
 */
@Validated
@ConfigurationProperties("meldeweg.replies")
public record RedmineStatusProperties(@NotEmpty List<String> redmineClosedStatuses) {

    public RedmineStatusProperties {
        redmineClosedStatuses = redmineClosedStatuses == null ? null
                : redmineClosedStatuses.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
