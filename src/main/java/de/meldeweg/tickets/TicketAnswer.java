package de.meldeweg.tickets;

/**
 * A public answer in a ticket: its durable key ({@code <system>:<ticket>:<article>}, never
 * relayed twice), and its text, HTML when {@code html}.
 */
public record TicketAnswer(String key, String text, boolean html) {

    @Override
    public String toString() {
        return "TicketAnswer[" + key + ", " + (text == null ? 0 : text.length()) + " characters]";
    }
}
