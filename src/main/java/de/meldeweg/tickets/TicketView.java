package de.meldeweg.tickets;

import java.util.List;

/**
 * What a ticket system says about one ticket now: its public answers (oldest first), whether it is
 * closed, and, for Open311 servers that first handed out a token, the request id it resolved to.
 */
public record TicketView(List<TicketAnswer> answers, boolean closed, String resolvedId) {

    public TicketView {
        answers = List.copyOf(answers);
    }

    public static TicketView of(List<TicketAnswer> answers, boolean closed) {
        return new TicketView(answers, closed, null);
    }
}
