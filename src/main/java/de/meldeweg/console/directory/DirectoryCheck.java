package de.meldeweg.console.directory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import de.meldeweg.directory.DirectoryLoader;
import de.meldeweg.safety.AbuseFilter;
import de.meldeweg.safety.EmergencyDetector;

/**
 * What the editor checks before it saves. Errors stop the save (the loader would refuse the file
 * anyway, or a report could not be delivered): a department without key, name or valid e-mail, a
 * reply-from entry that is not one exact address, two departments with one key, a category with an
 * unknown code or department, a missing category. Warnings let the admin save after reading them:
 * one keyword in two categories (the stronger match wins, which may surprise), and the safety
 * collision check: a keyword that is also on the abuse list (reports with it would be held for
 * review) or the emergency list (they would be flagged urgent).
 */
@Component
public class DirectoryCheck {

    static final String EMAIL = "[^@\\s,*]+@[^@\\s,*]+\\.[^@\\s,*]+";
    private static final String KEY = "[a-z0-9][a-z0-9_-]{0,63}";

    /** A finding about one field: {@code field} names the form field (for the error's place), {@code text} a message key. */
    public record Finding(String field, String text, List<Object> arguments) {
    }

    public record Result(List<Finding> errors, List<Finding> warnings) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final AbuseFilter abuse;
    private final EmergencyDetector emergencies;

    public DirectoryCheck(AbuseFilter abuse, EmergencyDetector emergencies) {
        this.abuse = abuse;
        this.emergencies = emergencies;
    }

    public Result check(DirectoryForm form) {
        List<Finding> errors = new ArrayList<>();
        List<Finding> warnings = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < form.getDepartments().size(); i++) {
            DirectoryForm.Department d = form.getDepartments().get(i);
            if (d.isRemove() || d.blank()) {
                continue;
            }
            String at = "departments[" + i + "].";
            if (!d.getKey().matches(KEY)) {
                errors.add(new Finding(at + "key", "directory.error.key", List.of(d.getKey())));
            } else if (!keys.add(d.getKey())) {
                errors.add(new Finding(at + "key", "directory.error.keyTwice", List.of(d.getKey())));
            }
            if (d.getName().isBlank()) {
                errors.add(new Finding(at + "name", "directory.error.name", List.of(d.getKey())));
            }
            if (!d.getEmail().matches(EMAIL)) {
                errors.add(new Finding(at + "email", "directory.error.email", List.of(d.getKey(), d.getEmail())));
            }
            for (String address : d.replyAddresses()) {
                if (!address.matches(EMAIL)) {
                    errors.add(new Finding(at + "replyFrom", "directory.error.replyFrom", List.of(d.getKey(), address)));
                }
            }
        }
        Set<String> codes = new LinkedHashSet<>();
        Map<String, List<String>> categoriesOfKeyword = new LinkedHashMap<>();
        for (int i = 0; i < form.getCategories().size(); i++) {
            DirectoryForm.Category c = form.getCategories().get(i);
            String at = "categories[" + i + "].";
            if (!DirectoryLoader.CATEGORY_CODES.contains(c.getCode())) {
                errors.add(new Finding(at + "code", "directory.error.code", List.of(c.getCode())));
            } else if (!codes.add(c.getCode())) {
                errors.add(new Finding(at + "code", "directory.error.codeTwice", List.of(c.getCode())));
            }
            if (c.getName().isBlank()) {
                errors.add(new Finding(at + "name", "directory.error.categoryName", List.of(c.getCode())));
            }
            if (!keys.contains(c.getDepartment())) {
                errors.add(new Finding(at + "department", "directory.error.department", List.of(c.getCode(), c.getDepartment())));
            }
            for (String keyword : c.keywordList()) {
                String word = bare(keyword);
                if (word.isEmpty()) {
                    errors.add(new Finding(at + "keywords", "directory.error.keyword", List.of(c.getCode(), keyword)));
                    continue;
                }
                categoriesOfKeyword.computeIfAbsent(word, w -> new ArrayList<>()).add(c.getCode());
                warnings.addAll(safetyCollisions(at + "keywords", c.getCode(), keyword, word));
            }
        }
        Set<String> missing = new LinkedHashSet<>(DirectoryLoader.CATEGORY_CODES);
        missing.removeAll(codes);
        if (!missing.isEmpty()) {
            errors.add(new Finding("categories", "directory.error.missing", List.of(String.join(", ", new java.util.TreeSet<>(missing)))));
        }
        categoriesOfKeyword.forEach((word, in) -> {
            if (in.size() > 1) {
                warnings.add(new Finding("categories", "directory.warn.twice", List.of(word, String.join(", ", in))));
            }
        });
        return new Result(List.copyOf(errors), List.copyOf(warnings));
    }

    /**
     * The word-list collision check of the safety rules, for a department keyword: is the keyword
     * itself something the abuse or emergency list matches? Uses the lists in use right now
     * ({@code config/safety/}), through the same matching as the screening of every case.
     */
    List<Finding> safetyCollisions(String field, String code, String keyword, String word) {
        List<Finding> found = new ArrayList<>();
        List<String> abusive = abuse.matches(word);
        if (!abusive.isEmpty()) {
            found.add(new Finding(field, "directory.warn.abuse", List.of(keyword, code, String.join("; ", abusive))));
        }
        List<String> urgent = emergencies.matches(word);
        if (!urgent.isEmpty()) {
            found.add(new Finding(field, "directory.warn.emergency", List.of(keyword, code, String.join("; ", urgent))));
        }
        return found;
    }

    /** The keyword without its markers ({@code =} whole word, {@code ~} weak). */
    static String bare(String keyword) {
        String word = keyword;
        while (!word.isEmpty() && (word.charAt(0) == '=' || word.charAt(0) == '~')) {
            word = word.substring(1);
        }
        return word.strip();
    }
}
