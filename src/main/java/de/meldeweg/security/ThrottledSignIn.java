package de.meldeweg.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The console's password sign-in, refused outright while the caller's address has used up its
 * failed attempts ({@link FailedAttempts}), even with the right password.
 */
class ThrottledSignIn implements AuthenticationProvider {

    private final AuthenticationProvider local;
    private final FailedAttempts attempts;

    ThrottledSignIn(AuthenticationProvider local, FailedAttempts attempts) {
        this.local = local;
        this.attempts = attempts;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        if (attempts.refused(address())) {
            throw new LockedException("too many failed attempts");
        }
        return local.authenticate(authentication);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static String address() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet) {
            return servlet.getRequest().getRemoteAddr();
        }
        return "unknown";
    }
}
