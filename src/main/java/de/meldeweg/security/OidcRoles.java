package de.meldeweg.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Turns the city's identity provider's groups or roles into console roles
 * ({@code meldeweg.console.oidc.roles-claim} and {@code .roles}). A user whose claim grants no
 * role is refused at sign-in. The user's name is {@code preferred_username} (or the subject).
 */
public class OidcRoles extends OidcUserService {

    private final SecurityProperties.Oidc settings;

    public OidcRoles(SecurityProperties.Oidc settings) {
        this.settings = settings;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser user = super.loadUser(request);
        Set<GrantedAuthority> authorities = new HashSet<>(roles(claimValues(user.getClaims(), settings.rolesClaim())));
        if (authorities.isEmpty()) {
            throw new OAuth2AuthenticationException(new OAuth2Error("access_denied", "no console role for this user", null));
        }
        String nameClaim = user.getClaims().containsKey("preferred_username") ? "preferred_username" : "sub";
        return new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo(), nameClaim);
    }

    List<GrantedAuthority> roles(Collection<String> values) {
        List<GrantedAuthority> granted = new ArrayList<>();
        for (ConsoleRole role : ConsoleRole.values()) {
            List<String> grantedBy = settings.roles().getOrDefault(role, List.of());
            if (values.stream().anyMatch(grantedBy::contains)) {
                granted.add(new SimpleGrantedAuthority(role.authority()));
            }
        }
        return granted;
    }

    /** The values of a (dotted) claim: a list, or one string. */
    static List<String> claimValues(Map<String, Object> claims, String path) {
        Object value = claims;
        for (String part : path.split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                return List.of();
            }
            value = map.get(part);
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }
}
