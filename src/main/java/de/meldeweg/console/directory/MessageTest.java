package de.meldeweg.console.directory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import de.meldeweg.directory.CaseClassifier;
import de.meldeweg.directory.Classification;
import de.meldeweg.directory.DirectoryDatabase;
import de.meldeweg.directory.KeywordClassifier;
import de.meldeweg.safety.AbuseFilter;
import de.meldeweg.safety.EmergencyDetector;

/**
 * The editor's "test a message" box: what the service would do with a typed text, with the
 * directory in use now and with the unsaved draft of the form. Classification by the service's own
 * classifier (for the draft: the same classifier over the draft's keywords); urgent and abuse
 * verdicts by the safety lists in use, with the list entries that matched. Nothing is stored, sent
 * or logged: the text stays in the admin's browser and this request.
 */
@Component
public class MessageTest {

    /** One verdict: the category with its name, the department with its e-mail, the words that decided. */
    public record Routing(String code, String categoryName, String departmentKey, String departmentName, String email,
                          double confidence, List<String> words) {
    }

    /** {@code urgentRules}/{@code abuseRules}: the safety list entries that matched (empty: not urgent / not held). */
    public record Outcome(Routing now, Routing draft, List<String> urgentRules, List<String> abuseRules) {
        public boolean changed() {
            return !now.code().equals(draft.code()) || !now.email().equals(draft.email()) || !now.words().equals(draft.words());
        }
    }

    private final CaseClassifier classifier;
    private final DirectoryDatabase directory;
    private final EmergencyDetector emergencies;
    private final AbuseFilter abuse;

    public MessageTest(CaseClassifier classifier, DirectoryDatabase directory, EmergencyDetector emergencies, AbuseFilter abuse) {
        this.classifier = classifier;
        this.directory = directory;
        this.emergencies = emergencies;
        this.abuse = abuse;
    }

    public Outcome test(String text, DirectoryForm draft) {
        Classification now = classifier.classify(text);
        Map<String, List<String>> keywords = new LinkedHashMap<>();
        draft.getCategories().forEach(c -> keywords.put(c.getCode(), c.keywordList()));
        Map<String, List<String>> snapshot = Map.copyOf(keywords);
        Classification after = new KeywordClassifier(() -> snapshot).classify(text);
        return new Outcome(routingNow(now), routingDraft(after, draft), emergencies.matches(text), abuse.matches(text));
    }

    private Routing routingNow(Classification c) {
        JdbcTemplate jdbc = directory.jdbc();
        List<Routing> found = jdbc.query("SELECT c.name, d.dept_key, d.name, d.email FROM category c JOIN department d ON d.dept_key = c.dept_key "
                        + "WHERE c.code = ?",
                (rs, n) -> new Routing(c.code(), rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), c.confidence(),
                        c.matchedKeywords()), c.code());
        return found.isEmpty() ? new Routing(c.code(), "?", "?", "?", "?", c.confidence(), c.matchedKeywords()) : found.get(0);
    }

    private static Routing routingDraft(Classification c, DirectoryForm draft) {
        DirectoryForm.Category category = draft.getCategories().stream().filter(x -> x.getCode().equals(c.code())).findFirst().orElse(null);
        String key = category == null ? "?" : category.getDepartment();
        DirectoryForm.Department department = draft.activeDepartments().stream().filter(d -> d.getKey().equals(key)).findFirst().orElse(null);
        return new Routing(c.code(), category == null ? "?" : category.getName(), key, department == null ? "?" : department.getName(),
                department == null ? "?" : department.getEmail(), c.confidence(), c.matchedKeywords());
    }
}
