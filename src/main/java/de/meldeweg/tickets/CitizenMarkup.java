package de.meldeweg.tickets;

/**
 * Citizen text (the report, photo captions, an address) as it goes into a ticket whose text the
 * system renders: no citizen can place a remote image, a link, a mention, a macro or any markup
 * in front of city staff. The characters that carry markup become numeric character references,
 * which Redmine's Textile, Markdown and CommonMark formatters and every HTML renderer show as the
 * plain character and never interpret.
 */
public enum CitizenMarkup {

    /** Rendered as written (Zammad and Znuny {@code text/plain} articles, Open311). */
    PLAIN,
    /** Zammad and Znuny {@code text/html} articles. */
    HTML,
    /** Redmine descriptions and notes (Textile, Markdown or CommonMark, whichever the installation uses). */
    REDMINE;

    private static final String REDMINE_MARKUP = "!\"#$%&'()*+-./:<=>@[\\]^_`{|}~";
    private static final String HTML_MARKUP = "&<>\"'";

    public String escape(String text) {
        if (text == null || this == PLAIN) {
            return text;
        }
        String markup = this == HTML ? HTML_MARKUP : REDMINE_MARKUP;
        StringBuilder out = new StringBuilder(text.length() + 32);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (markup.indexOf(c) >= 0) {
                out.append("&#").append((int) c).append(';');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
