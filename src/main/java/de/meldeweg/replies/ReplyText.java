package de.meldeweg.replies;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * The new text of a department's answer: HTML turned into plain text, quoted history,
 * signatures, mobile footers and disclaimers cut, and the result split into pieces that fit a
 * WhatsApp text message. Pure functions, no state.
 */
public final class ReplyText {

    /** WhatsApp's limit for the body of a text message. */
    public static final int WHATSAPP_LIMIT = 4096;

    private static final Pattern ATTRIBUTION_DE = Pattern.compile("(?i)^am\\s.{3,200}\\bschrieb\\b.{0,200}:\\s*$");
    private static final Pattern ATTRIBUTION_EN = Pattern.compile("(?i)^on\\s.{3,200}\\bwrote\\b.{0,200}:\\s*$");
    private static final Pattern ATTRIBUTION_START = Pattern.compile("(?i)^(am|on)\\s.*\\d.*");
    private static final Pattern ORIGINAL_MESSAGE = Pattern.compile(
            "(?i)^\\s*-{2,}\\s*(ursprüngliche nachricht|original message|originalnachricht|weitergeleitete nachricht|forwarded message)\\s*-{2,}.*");
    private static final Pattern HEADER_FROM = Pattern.compile("(?i)^\\s*\\*?(von|from)\\s*:\\*?\\s.*");
    private static final Pattern HEADER_NEXT = Pattern.compile("(?i)^\\s*\\*?(gesendet|sent|datum|date|an|to|betreff|subject)\\s*:\\*?.*");
    private static final Pattern UNDERSCORES = Pattern.compile("^_{10,}\\s*$");
    private static final Pattern SIGNATURE = Pattern.compile("^--\\s?$");
    private static final Pattern MOBILE_FOOTER = Pattern.compile(
            "(?i)^\\s*(von meinem \\S+( \\S+)? gesendet|gesendet von (meinem|outlook|mail)\\b.*|sent from my \\S+.*|get outlook for .*|holen sie sich outlook für .*)\\s*$");
    private static final Pattern GREETING = Pattern.compile(
            "(?i)^\\s*(mit )?(freundlichen|besten|herzlichen|viele|beste|liebe|schöne) gr(ü|ue)(ß|ss)(e|en)\\b.*|^\\s*mfg\\b.*"
                    + "|^\\s*(kind|best|warm) regards\\b.*|^\\s*freundliche gr(ü|ue)(ß|ss)e\\b.*");
    private static final List<String> DISCLAIMERS = List.of(
            "diese e-mail enthält vertrauliche", "diese e-mail kann vertrauliche", "diese nachricht enthält vertrauliche",
            "der inhalt dieser e-mail ist vertraulich", "wenn sie nicht der richtige adressat sind",
            "falls sie nicht der beabsichtigte empfänger", "this e-mail may contain confidential", "this email may contain confidential",
            "this message contains confidential", "if you are not the intended recipient", "bitte denken sie an die umwelt",
            "please consider the environment", "informationen zum datenschutz finden sie", "hinweis zum datenschutz");
    /** Lines kept after a closing greeting: the name and the office, not phone, fax and address. */
    private static final int LINES_AFTER_GREETING = 2;

    private ReplyText() {
    }

    /**
     * HTML as the reader sees it: paragraphs and line breaks kept, quoted blocks ({@code
     * blockquote}, Gmail's and Outlook's quote containers) marked with {@code >} so that
     * {@link #newText} cuts them, scripts and styles dropped, entities decoded.
     */
    public static String fromHtml(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        Document document = Jsoup.parse(html);
        document.select("script, style, head, title").remove();
        // Outlook puts the quoted mail after a separator div; Gmail and Thunderbird in these containers.
        for (Element quote : document.select("#divRplyFwdMsg, #appendonsend, div.gmail_quote, div.moz-cite-prefix, blockquote[type=cite]")) {
            Element marker = new Element("p").text("-----Original Message-----");
            quote.before(marker);
            quote.remove();
        }
        StringBuilder out = new StringBuilder();
        render(document.body(), out, 0);
        return normalize(out.toString());
    }

    private static void render(Node node, StringBuilder out, int quoteDepth) {
        for (Node child : node.childNodes()) {
            if (child instanceof TextNode text) {
                String t = text.getWholeText().replaceAll("[\\s\\u00a0]+", " ");
                if (atLineStart(out)) {
                    t = t.stripLeading();
                    if (!t.isEmpty() && quoteDepth > 0) {
                        out.append("> ".repeat(quoteDepth));
                    }
                }
                out.append(t);
            } else if (child instanceof Element element) {
                String tag = element.normalName();
                switch (tag) {
                    case "br" -> out.append('\n');
                    case "blockquote" -> {
                        newLine(out);
                        render(element, out, quoteDepth + 1);
                        newLine(out);
                    }
                    case "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "ul", "ol", "hr" -> {
                        newLine(out);
                        if (tag.equals("li")) {
                            out.append("- ");
                        }
                        render(element, out, quoteDepth);
                        newLine(out);
                        if (tag.equals("p")) {
                            out.append('\n');
                        }
                    }
                    case "td", "th" -> {
                        render(element, out, quoteDepth);
                        out.append(' ');
                    }
                    case "a" -> {
                        render(element, out, quoteDepth);
                        String href = element.attr("href");
                        if (href.startsWith("http") && !element.text().contains(href)) {
                            out.append(" (").append(href).append(')');
                        }
                    }
                    case "img" -> {
                    }
                    default -> render(element, out, quoteDepth);
                }
            }
        }
    }

    private static boolean atLineStart(StringBuilder out) {
        return out.length() == 0 || out.charAt(out.length() - 1) == '\n';
    }

    private static void newLine(StringBuilder out) {
        if (!atLineStart(out)) {
            out.append('\n');
        }
    }

    /**
     * The part of an answer the department wrote now: everything from the first attribution line
     * ("Am … schrieb …:", "On … wrote:"), Outlook header block ("Von: … Gesendet: …", "-----
     * Ursprüngliche Nachricht-----"), signature delimiter ({@code -- }), mobile footer or
     * disclaimer on is cut; remaining {@code >} lines (answers written between quotes) are left out;
     * after a closing greeting only the next two lines (name, office) stay.
     */
    public static String newText(String text) {
        if (text == null) {
            return "";
        }
        List<String> lines = List.of(normalize(text).split("\n", -1));
        List<String> kept = new ArrayList<>();
        int afterGreeting = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String next = i + 1 < lines.size() ? lines.get(i + 1) : "";
            if (cutsHere(line, next, lines, i)) {
                break;
            }
            if (line.stripLeading().startsWith(">")) {
                continue;
            }
            if (afterGreeting >= 0) {
                if (!line.isBlank()) {
                    afterGreeting++;
                    if (afterGreeting > LINES_AFTER_GREETING) {
                        break;
                    }
                } else if (afterGreeting > 0) {
                    break;
                }
            } else if (GREETING.matcher(line).matches()) {
                afterGreeting = 0;
            }
            kept.add(line);
        }
        return dropDisclaimers(normalize(String.join("\n", kept)));
    }

    private static boolean cutsHere(String line, String next, List<String> lines, int i) {
        String stripped = line.strip();
        if (SIGNATURE.matcher(line).matches() || ORIGINAL_MESSAGE.matcher(line).matches() || MOBILE_FOOTER.matcher(line).matches()) {
            return true;
        }
        if (ATTRIBUTION_DE.matcher(stripped).matches() || ATTRIBUTION_EN.matcher(stripped).matches()) {
            return true;
        }
        // "Am 28.11.2026 um 10:15 schrieb Meldeweg" + "<meldeweg@stadt.example>:" wrapped over two lines
        if (ATTRIBUTION_START.matcher(stripped).matches() && !next.isBlank()) {
            String joined = stripped + " " + next.strip();
            if (ATTRIBUTION_DE.matcher(joined).matches() || ATTRIBUTION_EN.matcher(joined).matches()) {
                return true;
            }
        }
        if (UNDERSCORES.matcher(line).matches() && i + 1 < lines.size() && HEADER_FROM.matcher(next).matches()) {
            return true;
        }
        if (HEADER_FROM.matcher(line).matches()) {
            for (int j = i + 1; j < Math.min(lines.size(), i + 5); j++) {
                if (HEADER_NEXT.matcher(lines.get(j)).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Drops the paragraph with a typical disclaimer and everything after it. */
    private static String dropDisclaimers(String text) {
        String[] paragraphs = text.split("\n\n");
        StringBuilder out = new StringBuilder();
        for (String paragraph : paragraphs) {
            String lower = paragraph.toLowerCase(Locale.GERMAN);
            if (DISCLAIMERS.stream().anyMatch(lower::contains)) {
                break;
            }
            if (out.length() > 0) {
                out.append("\n\n");
            }
            out.append(paragraph);
        }
        return out.toString().strip();
    }

    /** Line breaks as {@code \n}, trailing spaces gone, at most one empty line in a row, trimmed. */
    static String normalize(String text) {
        String t = text.replace("\r\n", "\n").replace('\r', '\n').replace('\u00a0', ' ');
        t = t.replaceAll("[ \\t]+\n", "\n");
        t = t.replaceAll("\n{3,}", "\n\n");
        return t.strip();
    }

    /**
     * Splits a message into pieces of at most {@code limit} characters, at paragraph, line or word
     * boundaries where possible, never inside a surrogate pair. When more than {@code maxParts}
     * would be needed, the last piece ends with {@code shortenedNote}.
     */
    public static List<String> split(String text, int limit, int maxParts, String shortenedNote) {
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (!rest.isEmpty()) {
            if (rest.length() <= limit) {
                parts.add(rest);
                break;
            }
            if (parts.size() == maxParts - 1) {
                String note = "\n\n" + shortenedNote;
                int room = Math.max(1, limit - note.length());
                parts.add(rest.substring(0, cut(rest, room)).strip() + note);
                return parts;
            }
            int at = cut(rest, limit);
            parts.add(rest.substring(0, at).strip());
            rest = rest.substring(at).strip();
        }
        return parts;
    }

    private static int cut(String text, int limit) {
        if (text.length() <= limit) {
            return text.length();
        }
        int min = limit / 2;
        for (String boundary : List.of("\n\n", "\n", ". ", " ")) {
            int at = text.lastIndexOf(boundary, limit - boundary.length());
            if (at >= min) {
                return at + boundary.length();
            }
        }
        int at = limit;
        if (Character.isLowSurrogate(text.charAt(at)) && Character.isHighSurrogate(text.charAt(at - 1))) {
            at--;
        }
        return at;
    }
}
