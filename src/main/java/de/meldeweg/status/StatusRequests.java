package de.meldeweg.status;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import de.meldeweg.texts.CitizenTexts;
import de.meldeweg.whatsapp.OutboundMessages;

/**
 * "Status", "Stand?", "Was ist mit meiner Meldung?" (or the same in the other languages), or a
 * message that is little more than one of the citizen's references: answered with the state of
 * the citizen's own open cases, or of the references named (received, forwarded to which
 * department, answered, closed), from
 * {@code config/texts/<language>/status.txt}. Never another citizen's case: a reference that is
 * not theirs is answered as unknown. Such a message makes no new case.
 */
@Component
public class StatusRequests {

    public static final String PURPOSE = "STATUS";
    static final String TEXT = "whatsapp/status.txt";
    private static final Logger LOG = LoggerFactory.getLogger(StatusRequests.class);
    private static final Pattern REFERENCE = Pattern.compile("\\bWK-?\\s?(\\d{4})-?\\s?(\\d{6})\\b", Pattern.CASE_INSENSITIVE);
    /** Whole messages (lower case, without punctuation) that ask for the state of one's reports. */
    static final Set<String> QUESTIONS = Set.of(
            "status", "stand", "sachstand", "neuigkeiten", "gibt es neuigkeiten", "wie ist der stand", "was ist der stand",
            "wie ist der status", "was ist mit meiner meldung", "was ist aus meiner meldung geworden", "stand meiner meldung",
            "status meiner meldung", "stand meiner meldungen", "status meiner meldungen", "was ist mit meinen meldungen",
            "wie weit ist meine meldung", "status bitte", "stand bitte", "wie ist der stand meiner meldung",
            "what about my report", "status of my report", "any news", "any update", "update", "what is the status",
            "whats the status", "what's the status", "status please", "please status",
            "durum", "durumu", "durum nedir", "şikayetim ne oldu", "bildirimim ne oldu", "ne durumda",
            "الحالة", "ما هي الحالة", "ما حالة بلاغي", "حالة البلاغ",
            "статус", "який статус", "що з моїм повідомленням", "какой статус", "что с моим сообщением", "что с моей заявкой");
    private static final Set<String> FILLER = Set.of("status", "stand", "bitte", "zu", "von", "meiner", "meldung", "der", "die",
            "was", "ist", "mit", "wie", "please", "of", "my", "report", "the", "?", "durum", "статус");

    private final JdbcTemplate jdbc;
    private final OutboundMessages outbound;
    private final CitizenTexts texts;

    public StatusRequests(JdbcTemplate jdbc, OutboundMessages outbound, CitizenTexts texts) {
        this.jdbc = jdbc;
        this.outbound = outbound;
        this.texts = texts;
    }

    /** What a message asks for: nothing (an ordinary report), the state of all open cases, or of these references. */
    record Question(boolean asks, List<String> references) {
    }

    /** True when the message asks for the state of the citizen's reports (no report then). */
    public static boolean asks(String text) {
        return understand(text).asks();
    }

    static Question understand(String text) {
        if (text == null || text.isBlank() || text.length() > 200) {
            return new Question(false, List.of());
        }
        Set<String> references = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            references.add("WK-" + m.group(1) + "-" + m.group(2));
        }
        String rest = normalize(REFERENCE.matcher(text).replaceAll(" "));
        if (!references.isEmpty()) {
            // A reference with a few words around it asks; a reference with a report is a report.
            long words = rest.isEmpty() ? 0 : java.util.Arrays.stream(rest.split(" ")).filter(w -> !FILLER.contains(w)).count();
            return new Question(words <= 1, List.copyOf(references));
        }
        return new Question(QUESTIONS.contains(rest), List.of());
    }

    private static String normalize(String text) {
        String lower = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        return lower.replaceAll("[^\\p{L}\\p{N}'’ ]+", " ").replace('’', '\'').replaceAll("\\s+", " ").strip();
    }

    /**
     * Called by intake for a citizen's text message, inside its transaction: when it asks for the
     * state of their reports, the answer is queued and true returned (the message is no report).
     */
    public boolean answer(long citizen, String text) {
        Question question = understand(text);
        if (!question.asks()) {
            return false;
        }
        Map<String, String> lines = lines(citizen);
        List<String> out = new ArrayList<>();
        Set<String> listed = new LinkedHashSet<>();
        for (Map<String, Object> c : jdbc.queryForList("SELECT c.id, c.reference, c.state, c.closed_at, c.department_name, "
                + "(SELECT COUNT(*) FROM reply r WHERE r.case_id = c.id AND r.outcome = 'RELAYED') AS answers "
                + "FROM report_case c WHERE c.citizen_id = ? ORDER BY c.created_at, c.id", citizen)) {
            String reference = (String) c.get("reference");
            boolean asked = question.references().contains(reference);
            boolean closed = c.get("closed_at") != null;
            // Asked for references: those only; asked in general: every open case.
            if (question.references().isEmpty() ? closed : !asked) {
                continue;
            }
            String state = closed ? "CLOSED" : ((Number) c.get("answers")).intValue() > 0 ? "ANSWERED"
                    : "FORWARDED".equals(c.get("state")) ? "FORWARDED" : "RECEIVED";
            out.add(line(lines, state, reference, (String) c.get("department_name")));
            listed.add(reference);
        }
        for (String reference : question.references()) {
            if (!listed.contains(reference)) {
                out.add(line(lines, "UNKNOWN", reference, null));
            }
        }
        Integer waiting = jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message WHERE citizen_id = ? AND accepted = TRUE "
                + "AND case_id IS NULL", Integer.class, citizen);
        if (question.references().isEmpty() && waiting != null && waiting > 0) {
            out.add(lines.getOrDefault("GATHERING", ""));
        }
        String reply = out.isEmpty() ? lines.getOrDefault("none", "") : lines.getOrDefault("intro", "") + "\n" + String.join("\n", out);
        outbound.enqueue(citizen, PURPOSE, reply.strip());
        LOG.info("Citizen {} asked for the state of their reports: {} listed", citizen, out.size());
        return true;
    }

    private static String line(Map<String, String> lines, String state, String reference, String department) {
        return lines.getOrDefault(state, "{{reference}}").replace("{{reference}}", reference)
                .replace("{{department}}", department == null ? "" : department);
    }

    /** status.txt: one {@code key=text} per line (intro, none, RECEIVED, FORWARDED, ANSWERED, CLOSED, UNKNOWN, GATHERING). */
    private Map<String, String> lines(long citizen) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : texts.text(citizen, TEXT).split("\r?\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                lines.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return lines;
    }
}
