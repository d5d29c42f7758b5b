package de.meldeweg.console;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import de.meldeweg.security.AuditLog;

/**
 * The console's pages under {@code /console}. Which role may open which page is decided in one
 * place, {@code SecurityConfiguration}; the buttons a role may not use are not shown.
 */
@Controller
@RequestMapping("/console")
public class ConsolePages {

    /** The route that takes WhatsApp's webhooks: stopping it needs a ticked confirmation. */
    static final String WEBHOOK_ROUTE = "whatsapp-webhook";

    private static final String REFERENCE = "[A-Z]{1,5}-\\d{4}-\\d{1,9}";
    private final Overview overview;
    private final CaseSearch search;
    private final CaseFile cases;
    private final CaseActions actions;
    private final ReviewQueue review;
    private final DeadLetters deadLetters;
    private final RouteStatus routes;
    private final AuditLog audit;
    private final ObjectProvider<ClientRegistrationRepository> oidc;

    public ConsolePages(Overview overview, CaseSearch search, CaseFile cases, CaseActions actions, ReviewQueue review, DeadLetters deadLetters,
                        RouteStatus routes, AuditLog audit, ObjectProvider<ClientRegistrationRepository> oidc) {
        this.overview = overview;
        this.search = search;
        this.cases = cases;
        this.actions = actions;
        this.review = review;
        this.deadLetters = deadLetters;
        this.routes = routes;
        this.audit = audit;
        this.oidc = oidc;
    }

    @GetMapping("/login")
    public String login(Model model) {
        List<ClientRegistration> providers = new ArrayList<>();
        if (oidc.getIfAvailable() instanceof Iterable<?> registrations) {
            registrations.forEach(r -> providers.add((ClientRegistration) r));
        }
        model.addAttribute("providers", providers);
        return "console/login";
    }

    /** Any method: a refused POST (a VIEWER's action) is forwarded here as a POST and must get this page, not 405. */
    @RequestMapping("/denied")
    public String denied(jakarta.servlet.http.HttpServletResponse response) {
        response.setStatus(jakarta.servlet.http.HttpServletResponse.SC_FORBIDDEN);
        return "console/denied";
    }

    @GetMapping({"", "/"})
    public String overview(Model model) {
        fillOverview(model);
        return "console/overview";
    }

    @GetMapping("/overview/panel")
    public String overviewPanel(Model model) {
        fillOverview(model);
        return "console/overview :: panel";
    }

    private void fillOverview(Model model) {
        model.addAttribute("reports", overview.reports());
        model.addAttribute("backlog", overview.backlog());
        model.addAttribute("systems", overview.systems());
        model.addAttribute("errors", overview.lastErrors());
    }

    @GetMapping("/cases")
    public String cases(@RequestParam(required = false) String reference, @RequestParam(required = false) String state,
                        @RequestParam(required = false) String category, @RequestParam(required = false) String department,
                        @RequestParam(required = false) Boolean urgent, @RequestParam(required = false) Boolean held,
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                        @RequestParam(defaultValue = "0") int page, @RequestParam(required = false) String after,
                        @RequestParam(required = false) String before, Model model) {
        CaseSearch.Filter filter = new CaseSearch.Filter(reference, state, category, department, urgent, held, from, to, page, after, before);
        model.addAttribute("filter", filter);
        model.addAttribute("result", search.search(filter));
        model.addAttribute("categories", search.categories());
        model.addAttribute("departments", search.departments());
        model.addAttribute("states", List.of("ASSEMBLED", "REVIEW", "FORWARDING", "FORWARDED", "CLOSED"));
        return "console/cases";
    }

    @GetMapping("/cases/{reference}")
    public String caseFile(@PathVariable String reference, Model model) {
        CaseFile.Summary summary = summary(reference);
        model.addAttribute("c", summary);
        model.addAttribute("timeline", cases.timeline(summary));
        model.addAttribute("deliveries", cases.deliveries(summary.id()));
        model.addAttribute("photos", cases.photos(summary.id()));
        model.addAttribute("review", cases.review(summary.id()).orElse(null));
        model.addAttribute("categories", search.categories());
        return "console/case";
    }

    private CaseFile.Summary summary(String reference) {
        if (!reference.matches(REFERENCE)) {
            throw new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND);
        }
        return cases.summary(reference).orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND));
    }

    @GetMapping("/cases/{reference}/photos/{messageId}")
    public ResponseEntity<byte[]> photo(@PathVariable String reference, @PathVariable long messageId) {
        CaseFile.Summary summary = summary(reference);
        Optional<CaseFile.PhotoContent> photo = cases.photo(summary.id(), messageId);
        if (photo.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        String mime = photo.get().mime() != null && photo.get().mime().startsWith("image/") ? photo.get().mime() : "application/octet-stream";
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(mime)).cacheControl(CacheControl.noStore())
                .header("X-Content-Type-Options", "nosniff").body(photo.get().content());
    }

    @PostMapping("/cases/{reference}/close")
    public String close(@PathVariable String reference, @RequestParam(required = false) String reason, Authentication who,
                        RedirectAttributes flash) {
        summary(reference);
        if (reason == null || reason.isBlank()) {
            return reasonMissing(flash, "redirect:/console/cases/" + reference);
        }
        notice(flash, actions.close(who, reference, reason), "close");
        return "redirect:/console/cases/" + reference;
    }

    @PostMapping("/cases/{reference}/reroute")
    public String reroute(@PathVariable String reference, @RequestParam String category, @RequestParam(defaultValue = "false") boolean tellCitizen,
                          @RequestParam(required = false) String reason, Authentication who, RedirectAttributes flash) {
        summary(reference);
        if (reason == null || reason.isBlank()) {
            return reasonMissing(flash, "redirect:/console/cases/" + reference);
        }
        notice(flash, actions.reroute(who, reference, category, tellCitizen, reason), "reroute");
        return "redirect:/console/cases/" + reference;
    }

    @PostMapping("/cases/{reference}/retry")
    public String retry(@PathVariable String reference, @RequestParam long delivery, Authentication who, RedirectAttributes flash) {
        summary(reference);
        notice(flash, actions.retryDelivery(who, reference, delivery), "retry");
        return "redirect:/console/cases/" + reference;
    }

    @GetMapping("/review")
    public String reviewQueue(Model model) {
        model.addAttribute("held", review.held());
        model.addAttribute("categories", search.categories());
        return "console/review";
    }

    @PostMapping("/review/{reference}")
    public String decide(@PathVariable String reference, @RequestParam String decision, @RequestParam(required = false) String category,
                         @RequestParam String reason, Authentication who, RedirectAttributes flash) {
        if (!reference.matches(REFERENCE) || reason.isBlank()) {
            return reasonMissing(flash, "redirect:/console/review");
        }
        CaseActions.Outcome outcome = switch (decision) {
            case "release" -> actions.decide(who, reference, true, reason);
            case "discard" -> actions.decide(who, reference, false, reason);
            case "releaseTo" -> actions.releaseTo(who, reference, category, reason);
            default -> CaseActions.Outcome.INVALID;
        };
        notice(flash, outcome, decision);
        flash.addFlashAttribute("noticeReference", reference);
        return "redirect:/console/review";
    }

    @GetMapping("/dead-letters")
    public String deadLetters(@RequestParam(required = false) String channel, @RequestParam(required = false) String reference, Model model) {
        model.addAttribute("letters", deadLetters.list(channel, reference));
        model.addAttribute("channel", channel);
        model.addAttribute("reference", reference);
        model.addAttribute("channels", deadLetters.channels());
        return "console/dead-letters";
    }

    @PostMapping("/dead-letters")
    public String deadLettersAction(@RequestParam(required = false) List<Long> ids, @RequestParam String action, Authentication who,
                                    RedirectAttributes flash) {
        if (ids == null || ids.isEmpty()) {
            return refused(flash, "notice.deadNoneSelected", null, "redirect:/console/dead-letters");
        }
        int done = 0;
        for (long id : ids) {
            CaseActions.Outcome outcome = "discard".equals(action) ? actions.discardDelivery(who, id) : actions.retryDelivery(who, null, id);
            done += outcome == CaseActions.Outcome.DONE ? 1 : 0;
        }
        flash.addFlashAttribute("notice", "discard".equals(action) ? "notice.deadDiscarded" : "notice.deadRetried");
        flash.addFlashAttribute("noticeCount", done);
        return "redirect:/console/dead-letters";
    }

    @GetMapping("/routes")
    public String routes(Model model) {
        model.addAttribute("routes", routes.routes());
        model.addAttribute("webhookRoute", WEBHOOK_ROUTE);
        return "console/routes";
    }

    @PostMapping("/routes/{routeId}/{action}")
    public String routeAction(@PathVariable String routeId, @PathVariable String action, @RequestParam(required = false) String confirm,
                              Authentication who, RedirectAttributes flash) throws Exception {
        if (!routes.exists(routeId) || !(action.equals("start") || action.equals("stop"))) {
            throw new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND);
        }
        if (action.equals("stop") && WEBHOOK_ROUTE.equals(routeId) && !"yes".equals(confirm)) {
            // a stopped webhook turns every citizen's message away: only when the admin says so explicitly
            return refused(flash, "notice.routeStopUnconfirmed", routeId, "redirect:/console/routes");
        }
        if (action.equals("stop")) {
            routes.stop(routeId);
        } else {
            routes.start(routeId);
        }
        audit.record(who, action.equals("stop") ? "ROUTE_STOPPEN" : "ROUTE_STARTEN", null, routeId);
        flash.addFlashAttribute("notice", action.equals("stop") ? "notice.routeStopped" : "notice.routeStarted");
        flash.addFlashAttribute("noticeReference", routeId);
        return "redirect:/console/routes";
    }

    @GetMapping("/audit")
    public String auditLog(@RequestParam(required = false) String reference, @RequestParam(defaultValue = "0") int page, Model model) {
        String filter = reference == null || reference.isBlank() ? null : reference.strip().toUpperCase();
        List<AuditLog.Entry> entries = audit.latest(filter, 101, Math.max(0, page) * 100);
        model.addAttribute("entries", entries.size() > 100 ? entries.subList(0, 100) : entries);
        model.addAttribute("hasNext", entries.size() > 100);
        model.addAttribute("page", Math.max(0, page));
        model.addAttribute("reference", filter);
        return "console/audit";
    }

    /** A decision without a reason is not carried out: the page says so and nothing changes. */
    private static String reasonMissing(RedirectAttributes flash, String page) {
        return refused(flash, "notice.reasonMissing", null, page);
    }

    /** An action not carried out: back to the page, which says why ({@code notice}, about {@code reference} if any). */
    private static String refused(RedirectAttributes flash, String notice, String reference, String page) {
        flash.addFlashAttribute("notice", notice);
        if (reference != null) {
            flash.addFlashAttribute("noticeReference", reference);
        }
        flash.addFlashAttribute("noticeError", true);
        return page;
    }

    private static void notice(RedirectAttributes flash, CaseActions.Outcome outcome, String action) {
        flash.addFlashAttribute("notice", "notice." + action + "." + outcome.name().toLowerCase());
        flash.addFlashAttribute("noticeError", outcome != CaseActions.Outcome.DONE);
    }
}
