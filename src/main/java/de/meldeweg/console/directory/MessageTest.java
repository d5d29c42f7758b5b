package de.meldeweg.console.directory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import de.meldeweg.directory.CategoryKeywords;
import de.meldeweg.directory.DirectoryDatabase;
import de.meldeweg.directory.KeywordClassifier;
import de.meldeweg.safety.AbuseFilter;
import de.meldeweg.safety.EmergencyDetector;
import de.meldeweg.safety.ModelAssistedClassifier;
import de.meldeweg.safety.TextModel;
import de.meldeweg.safety.VerdictExplainer;

/**
 * The editor's "test a message" box: what the service would do with a typed text, with the
 * directory in use now and with the unsaved draft of the form, explained by the safety's
 * {@link VerdictExplainer} (the same explanation as {@code POST /admin/explain}): category and
 * department with the keywords that decided, and the urgent and abuse verdicts with the list entries
 * and the words that matched them. For the draft, the explainer runs over the draft's keywords and
 * departments (the same classifiers: the keywords, helped by the trained classifier where they are
 * unsure; the same safety lists). Nothing is stored, sent or logged:
 * the text stays in the admin's browser and this request.
 */
@Component
public class MessageTest {

    /** One verdict: the category with its name, the department with its e-mail, the words that decided. */
    public record Routing(String code, String categoryName, String departmentKey, String departmentName, String email,
                          double confidence, List<String> words) {
    }

    /**
     * {@code urgentRules}/{@code abuseRules}: the safety list entries that matched, with the words (empty: not urgent / not held);
     * {@code classifier}: what the trained classifier says of the text (null without one).
     */
    public record Outcome(Routing now, Routing draft, List<String> urgentRules, List<String> abuseRules,
                          VerdictExplainer.Classifier classifier) {
        public boolean changed() {
            return !now.code().equals(draft.code()) || !now.email().equals(draft.email()) || !now.words().equals(draft.words());
        }
    }

    private final VerdictExplainer explainer;
    private final DirectoryDatabase directory;
    private final EmergencyDetector emergencies;
    private final AbuseFilter abuse;
    private final TextModel model;

    public MessageTest(VerdictExplainer explainer, DirectoryDatabase directory, EmergencyDetector emergencies, AbuseFilter abuse,
                       TextModel model) {
        this.explainer = explainer;
        this.model = model;
        this.directory = directory;
        this.emergencies = emergencies;
        this.abuse = abuse;
    }

    public Outcome test(String text, DirectoryForm draft) {
        VerdictExplainer.Explanation now = explainer.explain(text);
        Map<String, List<String>> keywords = new LinkedHashMap<>();
        draft.getCategories().forEach(c -> keywords.put(c.getCode(), c.keywordList()));
        Map<String, List<String>> snapshot = Map.copyOf(keywords);
        CategoryKeywords drafted = () -> snapshot;
        VerdictExplainer.Explanation after = explainer.with(
                new ModelAssistedClassifier(keywordsOf(snapshot), drafted, model, emergencies, abuse),
                code -> department(draft, code).map(d -> new VerdictExplainer.Department(d.getKey(), d.getName()))).explain(text);
        return new Outcome(routingNow(now), routingDraft(after, draft), rules(now.emergencyRules()), rules(now.abuseRules()),
                now.classifier());
    }

    /**
     * The keyword classifier of one version of the draft's keywords: built (with its keyword index) when the
     * keywords differ from the last test's, else reused, so that testing several texts against one draft
     * does not rebuild the index each time.
     */
    private KeywordClassifier keywordsOf(Map<String, List<String>> snapshot) {
        DraftClassifier last = lastDraft;
        if (last != null && last.keywords().equals(snapshot)) {
            return last.classifier();
        }
        KeywordClassifier built = new KeywordClassifier(() -> snapshot);
        lastDraft = new DraftClassifier(snapshot, built);
        return built;
    }

    private record DraftClassifier(Map<String, List<String>> keywords, KeywordClassifier classifier) {
    }

    /** The classifier of the last tested draft version (one at a time: a draft is tested while it is edited). */
    private volatile DraftClassifier lastDraft;

    /** "entry (the words that matched it)", as the explanation gives them. */
    private static List<String> rules(List<VerdictExplainer.Rule> rules) {
        return rules.stream().map(r -> r.words().isEmpty() || r.words().equals(List.of(r.entry())) ? r.entry()
                : r.entry() + " (" + String.join(", ", r.words()) + ")").toList();
    }

    private Routing routingNow(VerdictExplainer.Explanation e) {
        JdbcTemplate jdbc = directory.jdbc();
        String key = e.department() == null ? "?" : e.department().key();
        String name = e.department() == null ? "?" : e.department().name();
        List<String[]> found = jdbc.query("SELECT c.name, d.email FROM category c JOIN department d ON d.dept_key = c.dept_key WHERE c.code = ?",
                (rs, n) -> new String[] {rs.getString(1), rs.getString(2)}, e.category());
        return new Routing(e.category(), found.isEmpty() ? "?" : found.get(0)[0], key, name, found.isEmpty() ? "?" : found.get(0)[1],
                e.confidence(), e.categoryKeywords());
    }

    private static Routing routingDraft(VerdictExplainer.Explanation e, DirectoryForm draft) {
        DirectoryForm.Category category = draft.getCategories().stream().filter(x -> x.getCode().equals(e.category())).findFirst().orElse(null);
        String email = department(draft, e.category()).map(DirectoryForm.Department::getEmail).orElse("?");
        return new Routing(e.category(), category == null ? "?" : category.getName(), e.department() == null ? "?" : e.department().key(),
                e.department() == null ? "?" : e.department().name(), email, e.confidence(), e.categoryKeywords());
    }

    /** The draft's department of a category code. */
    private static Optional<DirectoryForm.Department> department(DirectoryForm draft, String code) {
        String key = draft.getCategories().stream().filter(c -> c.getCode().equals(code)).map(DirectoryForm.Category::getDepartment)
                .findFirst().orElse(null);
        return draft.activeDepartments().stream().filter(d -> d.getKey().equals(key)).findFirst();
    }
}
