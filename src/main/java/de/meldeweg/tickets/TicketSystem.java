package de.meldeweg.tickets;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The ticket systems Meldeweg speaks with ({@code meldeweg.ticket.system}); {@link #NONE} writes outbox files. */
public enum TicketSystem {
    NONE, ZAMMAD, ZNUNY, REDMINE, OPEN311;

    /** As written in the configuration and in article keys: {@code zammad}, {@code redmine}, … */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The system named {@code value} (any case; empty is {@link #NONE}). */
    public static TicketSystem of(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        for (TicketSystem system : values()) {
            if (system.code().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return system;
            }
        }
        throw new IllegalStateException("meldeweg.ticket.system '" + value.strip().toLowerCase(Locale.ROOT) + "' is unknown; use one of "
                + Arrays.stream(values()).map(TicketSystem::code).collect(Collectors.joining(", ")));
    }
}
