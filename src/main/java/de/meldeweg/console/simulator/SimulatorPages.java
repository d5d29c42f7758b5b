package de.meldeweg.console.simulator;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Profile;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import de.meldeweg.EmbeddedMode;
import de.meldeweg.security.AuditLog;

/**
 * The citizen simulator at {@code /console/simulator}: a phone-like chat page, in the development
 * mode only (outside it the page does not exist, and {@link SimulatorAbsent} answers 404 before any
 * sign-in). Every form works without JavaScript; htmx refreshes the chat every two seconds.
 */
@Controller
@Profile(EmbeddedMode.PROFILE)
@RequestMapping("/console/simulator")
public class SimulatorPages {

    static final String EMERGENCY = "Hilfe, im Treppenhaus Marktplatz 3 brennt es, überall Rauch!";
    static final String ERASE = "Löschen";
    private final CitizenSimulator simulator;
    private final AuditLog audit;

    public SimulatorPages(CitizenSimulator simulator, AuditLog audit) {
        this.simulator = simulator;
        this.audit = audit;
    }

    @GetMapping
    public String page(Model model) {
        chat(model);
        return "console/simulator";
    }

    @GetMapping("/chat")
    public String chatPanel(Model model) {
        chat(model);
        return "console/simulator :: chat";
    }

    private void chat(Model model) {
        List<CitizenSimulator.Bubble> bubbles = simulator.conversation();
        model.addAttribute("bubbles", bubbles);
        model.addAttribute("references", simulator.references());
        model.addAttribute("lastCityMessage", bubbles.stream().filter(b -> !b.mine() && b.wamid() != null).reduce((a, b) -> b)
                .map(CitizenSimulator.Bubble::wamid).orElse(null));
        model.addAttribute("phone", "+" + CitizenSimulator.PHONE);
    }

    @PostMapping
    public String send(@RequestParam String action, @RequestParam(required = false) String text, @RequestParam(required = false) String to,
                       @RequestParam(required = false) MultipartFile photo, HttpServletRequest request, Authentication who,
                       RedirectAttributes flash) throws java.io.IOException {
        int port = request.getLocalPort();
        if ("photo".equals(action) && (photo == null || photo.isEmpty() || photo.getSize() > SimulatorMedia.MAX_BYTES
                || SimulatorMedia.imageType(photo.getBytes()) == null)) {
            flash.addFlashAttribute("notice", "notice.simulatorNoPhoto");
            flash.addFlashAttribute("noticeError", true);
            return "redirect:/console/simulator";
        }
        int status = switch (action) {
            case "text" -> text == null || text.isBlank() ? 0 : simulator.text(port, text.strip());
            case "photo" -> simulator.photo(port, photo.getBytes(), text);
            case "erase" -> {
                simulator.forgetPhotos();
                yield simulator.text(port, ERASE);
            }
            case "emergency" -> simulator.text(port, EMERGENCY);
            case "react" -> to == null ? 0 : simulator.react(port, to, "👍");
            case "clear" -> {
                simulator.clear();
                yield 200;
            }
            default -> 0;
        };
        if (status != 0) {
            audit.record(who, "SIMULATOR_" + action.toUpperCase(java.util.Locale.ROOT), null, "Webhook " + status);
        }
        if (status != 200 && status != 0) {
            flash.addFlashAttribute("notice", "notice.simulatorFailed");
            flash.addFlashAttribute("noticeError", true);
            flash.addFlashAttribute("noticeReference", String.valueOf(status));
        }
        return "redirect:/console/simulator";
    }
}
