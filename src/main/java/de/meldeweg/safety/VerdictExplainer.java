package de.meldeweg.safety;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import de.meldeweg.directory.CaseClassifier;
import de.meldeweg.directory.Classification;
import de.meldeweg.directory.DirectoryDatabase;
import de.meldeweg.http.JsonAnswer;

/**
 * Explains what Meldeweg would do with a text, and why: whether it gets the 110/112 reply and goes
 * out urgent (which entries of {@code config/safety/emergency.txt} matched which words), whether it
 * is held for the complaint office (entries of {@code abuse.txt}), and which category and department
 * it goes to (the keywords that decided), and what the trained classifier says ({@link Classifier}).
 * The same lists, keywords and classifier as the service, as they are right now. Used by {@code POST /admin/explain} (route {@code admin-explain}) and from the command
 * line ({@link ExplainVerdict}). The text is never logged.
 */
@Component("verdictExplainer")
public class VerdictExplainer {

    /** Longer texts are cut: a case is a few messages, not a book. */
    static final int MAX_TEXT = 20_000;

    /** One list entry that matched, and the words of the text (in the lists' spelling) that made it match. */
    public record Rule(String entry, List<String> words) {
    }

    /** The department of a category code, as the directory has it. */
    public record Department(String key, String name) {
    }

    /**
     * @param emergency        the text gets the reply with 110 and 112 and its case goes out urgent
     * @param emergencyRules   why (empty when not)
     * @param held             the case would be held for the complaint office instead of forwarded
     * @param abuseRules       why (empty when not)
     * @param category         the category code
     * @param confidence       the classifier's confidence, 0 to 1
     * @param categoryKeywords the keywords that decided for the category, strongest first
     * @param department       the responsible department (null when the directory does not know the category)
     * @param classifier       what the trained classifier says, whether or not it decided (null without one)
     */
    public record Explanation(boolean emergency, List<Rule> emergencyRules, boolean held, List<Rule> abuseRules,
                              String category, double confidence, List<String> categoryKeywords, Department department,
                              Classifier classifier) {

        /** Without the classifier's view. */
        public Explanation(boolean emergency, List<Rule> emergencyRules, boolean held, List<Rule> abuseRules,
                           String category, double confidence, List<String> categoryKeywords, Department department) {
            this(emergency, emergencyRules, held, abuseRules, category, confidence, categoryKeywords, department, null);
        }
    }

    /**
     * The trained classifier's view of the text ({@link TextModel}). It decides only where the lists
     * say nothing (an emergency rule shows as "classifier: emergency, probability 0.83") and where
     * the directory's keywords are unsure about the category.
     *
     * @param emergency           probability that the text is an emergency (counts from {@value EmergencyDetector#MODEL_THRESHOLD})
     * @param abuse               probability that it is insulting (counts from {@value AbuseFilter#MODEL_THRESHOLD})
     * @param category            the classifier's most probable category
     * @param categoryProbability its probability
     * @param decidedCategory     the classifier, not the keywords, chose the explanation's category
     * @param categoryRule        the rule that chose the category: {@code emergency} (an emergency goes to
     *                            ALLGEMEIN), {@code keywords: praise}, {@code keywords} or {@code classifier}
     *                            (see {@link ModelAssistedClassifier})
     */
    public record Classifier(double emergency, double abuse, String category, double categoryProbability,
                             boolean decidedCategory, String categoryRule) {
    }

    private final EmergencyDetector emergencies;
    private final AbuseFilter abuse;
    private final CaseClassifier classifier;
    private final Function<String, Optional<Department>> departments;
    private final ObjectMapper json;

    @Autowired
    public VerdictExplainer(EmergencyDetector emergencies, AbuseFilter abuse, CaseClassifier classifier, DirectoryDatabase directory,
                            ObjectMapper json) {
        this(emergencies, abuse, classifier, code -> directory.jdbc().query(
                "SELECT d.dept_key, d.name FROM category c JOIN department d ON d.dept_key = c.dept_key WHERE c.code = ?",
                (rs, n) -> new Department(rs.getString(1), rs.getString(2)), code).stream().findFirst(), json);
    }

    public VerdictExplainer(EmergencyDetector emergencies, AbuseFilter abuse, CaseClassifier classifier,
                            Function<String, Optional<Department>> departments, ObjectMapper json) {
        this.json = json;
        this.emergencies = emergencies;
        this.abuse = abuse;
        this.classifier = classifier;
        this.departments = departments;
    }

    /** The same rules with another classifier and directory (the directory editor's draft). */
    public VerdictExplainer with(CaseClassifier draftClassifier, Function<String, Optional<Department>> draftDepartments) {
        return new VerdictExplainer(emergencies, abuse, draftClassifier, draftDepartments, json);
    }

    public Explanation explain(String text) {
        String t = text == null ? "" : text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        List<Rule> urgent = emergencies.hits(t).stream().map(h -> new Rule(h.entry(), h.words())).toList();
        List<Rule> held = abuse.hits(t).stream().map(h -> new Rule(h.entry(), h.words())).toList();
        ModelAssistedClassifier.Decision decision = classifier instanceof ModelAssistedClassifier assisted ? assisted.decide(t) : null;
        Classification classification = decision != null ? decision.classification() : classifier.classify(t);
        TextModel model = emergencies.model() != null ? emergencies.model() : abuse.model();
        Classifier view = null;
        if (model != null) {
            TextModel.Guess guess = model.category(t);
            view = new Classifier(round(model.emergency(t)), round(model.abuse(AbuseFilter.withoutGraffitiQuotes(t))),
                    guess.label(), round(guess.probability()),
                    decision != null && decision.rule().startsWith(ModelAssistedClassifier.BY_CLASSIFIER),
                    decision != null ? decision.rule() : ModelAssistedClassifier.BY_KEYWORDS);
        }
        return new Explanation(!urgent.isEmpty(), urgent, !held.isEmpty(), held, classification.code(),
                classification.confidence(), classification.matchedKeywords(),
                departments.apply(classification.code()).orElse(null), view);
    }

    private static double round(double p) {
        return Math.round(p * 100) / 100.0;
    }

    /**
     * {@code POST /admin/explain}: the body is the text (plain), or JSON {@code {"text": "..."}};
     * answers the {@link Explanation} as JSON, or 400 when there is no text.
     */
    public String answer(Exchange exchange) throws Exception {
        String body = exchange.getMessage().getBody(String.class);
        String text = body == null ? "" : body.strip();
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class);
        if (type.startsWith("application/json") || text.startsWith("{")) {
            try {
                JsonNode node = json.readTree(text);
                text = node != null && node.path("text").isString() ? node.path("text").asString("").strip() : "";
            } catch (Exception e) {
                return JsonAnswer.of(json, exchange, 400, Map.of("error", "the body is neither text nor JSON {\"text\": \"...\"}"));
            }
        }
        if (text.isEmpty()) {
            return JsonAnswer.of(json, exchange, 400, Map.of("error", "no text to explain: send it as the body, or as JSON {\"text\": \"...\"}"));
        }
        return JsonAnswer.of(json, exchange, 200, explain(text));
    }
}
