package de.meldeweg.tickets;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;

/**
 * A problem with the ticket system that an admin must fix and that retrying cannot: today a
 * Redmine that turned a private erasure note into a public one. The ticket system's health
 * ({@code /actuator/health}, component {@code ticketSystem}) is DEGRADED while one is raised; the
 * next erasure note that the system does keep private clears it.
 */
@Component
public class TicketAlerts {

    private final AtomicReference<String> problem = new AtomicReference<>();

    public void raise(String reason) {
        problem.set(reason);
    }

    public void clear() {
        problem.set(null);
    }

    public Optional<String> problem() {
        return Optional.ofNullable(problem.get());
    }
}
