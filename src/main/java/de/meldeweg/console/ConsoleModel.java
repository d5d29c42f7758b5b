package de.meldeweg.console;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.ui.Model;

import de.meldeweg.security.AuditLog;
import de.meldeweg.security.ConsoleRole;

/** What every console page's layout needs: who is signed in and which role they have. */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
public class ConsoleModel {

    @ModelAttribute
    public void user(Authentication authentication, Model model) {
        String role = AuditLog.roleOf(authentication);
        model.addAttribute("userName", authentication == null ? null : authentication.getName());
        model.addAttribute("userRole", role);
        model.addAttribute("isAdmin", ConsoleRole.ADMIN.name().equals(role));
        model.addAttribute("isReview", ConsoleRole.ADMIN.name().equals(role) || ConsoleRole.REVIEW.name().equals(role));
    }
}
