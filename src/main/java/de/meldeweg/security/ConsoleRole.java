package de.meldeweg.security;

/**
 * Who may do what, in the console and through the bearer-token admin API. ADMIN includes REVIEW,
 * REVIEW includes VIEWER (see {@link SecurityConfiguration#roleHierarchy()}).
 */
public enum ConsoleRole {
    /** Everything: close, re-route, retry, dead letters, erasures, routes, audit log. */
    ADMIN,
    /** The complaint office: the review queue, cases read. */
    REVIEW,
    /** Overview and cases, read only. */
    VIEWER;

    public String authority() {
        return "ROLE_" + name();
    }
}
