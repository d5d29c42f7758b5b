package de.meldeweg.console.directory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import de.meldeweg.directory.DirectoryDatabase;
import de.meldeweg.security.AuditLog;

/**
 * The directory editor at {@code /console/directory} ({@code ADMIN}, see SecurityConfiguration):
 * one form with the departments and the categories; "Prüfen" checks and tests the unsaved draft,
 * "Speichern" checks and writes the file. A form that does not pass keeps everything the admin
 * typed and names the fields.
 */
@Controller
@RequestMapping("/console/directory")
public class DirectoryPages {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryPages.class);
    private final DirectoryFile file;
    private final DirectoryCheck check;
    private final MessageTest tester;
    private final DirectoryDatabase directory;
    private final AuditLog audit;

    public DirectoryPages(DirectoryFile file, DirectoryCheck check, MessageTest tester, DirectoryDatabase directory, AuditLog audit) {
        this.file = file;
        this.check = check;
        this.tester = tester;
        this.directory = directory;
        this.audit = audit;
    }

    @GetMapping
    public String show(Model model) {
        if (!directory.loadedFromFile()) {
            model.addAttribute("external", true);
            return "console/directory";
        }
        DirectoryForm form = file.read();
        form.getDepartments().add(new DirectoryForm.Department());
        return page(form, null, null, model);
    }

    @PostMapping
    public String submit(@ModelAttribute DirectoryForm form, @RequestParam(defaultValue = "test") String action, Authentication who,
                         Model model, RedirectAttributes flash) {
        if (!directory.loadedFromFile()) {
            model.addAttribute("external", true);
            return "console/directory";
        }
        DirectoryCheck.Result result = check.check(form);
        if ("save".equals(action) && result.ok()) {
            DirectoryForm before = file.read();
            try {
                Path backup = file.write(form);
                List<String> changes = changes(before, form);
                audit.record(who, "VERZEICHNIS_GESPEICHERT", null,
                        (changes.isEmpty() ? "keine Änderung" : String.join("; ", changes)) + " (Sicherung " + backup.getFileName() + ")");
                flash.addFlashAttribute("notice", "notice.directorySaved");
                flash.addFlashAttribute("noticeReference", backup.getFileName().toString());
                return "redirect:/console/directory";
            } catch (IllegalArgumentException e) {
                // The loader's own check refused the text: name its reason (a directory holds no citizen data).
                LOG.warn("Directory editor: the loader refused the draft: {}", e.getMessage());
                model.addAttribute("loaderError", e.getMessage());
            }
        }
        if (form.getDepartments().stream().noneMatch(d -> d.blank() && !d.isRemove())) {
            form.getDepartments().add(new DirectoryForm.Department());
        }
        return page(form, result, form.getMessage().isBlank() ? null : tester.test(form.getMessage(), form), model);
    }

    private String page(DirectoryForm form, DirectoryCheck.Result result, MessageTest.Outcome outcome, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("departmentKeys", form.activeDepartments().stream().map(DirectoryForm.Department::getKey).toList());
        model.addAttribute("result", result);
        model.addAttribute("errorFields", result == null ? Map.of() : byField(result.errors()));
        model.addAttribute("outcome", outcome);
        model.addAttribute("file", file.path().toString());
        return "console/directory";
    }

    private static Map<String, String> byField(List<DirectoryCheck.Finding> findings) {
        Map<String, String> out = new LinkedHashMap<>();
        findings.forEach(f -> out.putIfAbsent(f.field(), f.text()));
        return out;
    }

    /** What changed, for the audit log: department keys and fields, category codes and keywords added or removed. */
    static List<String> changes(DirectoryForm before, DirectoryForm after) {
        List<String> out = new ArrayList<>();
        Map<String, DirectoryForm.Department> old = new LinkedHashMap<>();
        before.activeDepartments().forEach(d -> old.put(d.getKey(), d));
        for (DirectoryForm.Department d : after.activeDepartments()) {
            DirectoryForm.Department was = old.remove(d.getKey());
            if (was == null) {
                out.add("Abteilung " + d.getKey() + " neu (" + d.getEmail() + ")");
                continue;
            }
            field(out, d.getKey(), "Name", was.getName(), d.getName());
            field(out, d.getKey(), "E-Mail", was.getEmail(), d.getEmail());
            field(out, d.getKey(), "Antwortadressen", String.join(",", was.replyAddresses()), String.join(",", d.replyAddresses()));
            field(out, d.getKey(), "Ticket-Queue", was.getTicketQueue(), d.getTicketQueue());
        }
        old.keySet().forEach(key -> out.add("Abteilung " + key + " entfernt"));
        Map<String, DirectoryForm.Category> oldCategories = new LinkedHashMap<>();
        before.getCategories().forEach(c -> oldCategories.put(c.getCode(), c));
        for (DirectoryForm.Category c : after.getCategories()) {
            DirectoryForm.Category was = oldCategories.get(c.getCode());
            if (was == null) {
                continue;
            }
            field(out, c.getCode(), "Name", was.getName(), c.getName());
            field(out, c.getCode(), "Abteilung", was.getDepartment(), c.getDepartment());
            List<String> added = new ArrayList<>(c.keywordList());
            added.removeAll(was.keywordList());
            List<String> removed = new ArrayList<>(was.keywordList());
            removed.removeAll(c.keywordList());
            if (!added.isEmpty()) {
                out.add(c.getCode() + ": Stichwörter + " + String.join(", ", added));
            }
            if (!removed.isEmpty()) {
                out.add(c.getCode() + ": Stichwörter − " + String.join(", ", removed));
            }
        }
        return out;
    }

    private static void field(List<String> out, String what, String name, String before, String after) {
        if (!Objects.equals(before, after)) {
            out.add(what + ": " + name + " " + (before.isEmpty() ? "–" : before) + " → " + (after.isEmpty() ? "–" : after));
        }
    }
}
