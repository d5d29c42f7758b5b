package de.meldeweg.console.simulator;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import de.meldeweg.EmbeddedMode;
import de.meldeweg.console.ConsoleModel;

/** The layout's link to the simulator, shown in the development mode only. */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
public class SimulatorLink {

    private final boolean enabled;

    public SimulatorLink(Environment environment) {
        this.enabled = environment.acceptsProfiles(Profiles.of(EmbeddedMode.PROFILE));
    }

    @ModelAttribute
    public void simulator(Model model) {
        model.addAttribute("simulatorEnabled", enabled);
    }
}
