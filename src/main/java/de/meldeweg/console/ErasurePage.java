package de.meldeweg.console;

import java.util.List;
import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import de.meldeweg.admin.ErasureAdmin;
import de.meldeweg.citizen.Citizens;
import de.meldeweg.privacy.Erasure;
import de.meldeweg.security.AuditLog;

/**
 * The erasures page: the audit entries of "Löschen" (counts and dates). A number is looked up
 * through a form POST, found by its keyed hash; it appears in no URL, no log and no audit entry.
 */
@Controller
@RequestMapping("/console/erasures")
public class ErasurePage {

    private final Erasure erasure;
    private final Citizens citizens;
    private final AuditLog audit;
    private final ConsoleTime time;

    public ErasurePage(Erasure erasure, Citizens citizens, AuditLog audit, ConsoleTime time) {
        this.erasure = erasure;
        this.citizens = citizens;
        this.audit = audit;
        this.time = time;
    }

    public record Entry(long id, String erasedAt, Map<String, Object> counts, String confirmation, String confirmedAt) {
    }

    @GetMapping
    public String list(Model model) {
        model.addAttribute("entries", entries(null));
        return "console/erasures";
    }

    @PostMapping
    public String lookup(@RequestParam String phone, Authentication who, Model model) {
        String international = ErasureAdmin.international(phone);
        if (international == null) {
            model.addAttribute("lookupError", true);
            model.addAttribute("entries", entries(null));
            return "console/erasures";
        }
        List<Entry> found = entries(citizens.phoneHash(international));
        audit.record(who, "LOESCHUNG_NACHSCHLAGEN", null, found.size() + " Einträge");
        model.addAttribute("lookup", true);
        model.addAttribute("entries", found);
        return "console/erasures";
    }

    private List<Entry> entries(String phoneHash) {
        return erasure.audits(phoneHash).stream().map(row -> {
            Map<String, Object> counts = new java.util.LinkedHashMap<>();
            for (String count : List.of("messages", "photos", "cases_dropped", "cases_kept", "deliveries_dropped", "whatsapp_messages",
                    "webhook_events", "ticket_notes", "outbox_files")) {
                counts.put(count, row.get(count));
            }
            return new Entry(((Number) row.get("id")).longValue(), time.format(row.get("erased_at")), counts, (String) row.get("confirmation"),
                    time.format(row.get("confirmed_at")));
        }).toList();
    }
}
