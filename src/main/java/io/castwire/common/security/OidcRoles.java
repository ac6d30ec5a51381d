package io.castwire.common.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Maps the claims of a signed-in OpenID Connect user to the hub's roles, by the values of
 * {@code castwire.oidc.role-claim}: {@code admin-values} give ROLE_ADMIN, {@code viewer-values}
 * ROLE_VIEWER. Nothing else is granted, so a user of the provider without a mapped value has no
 * role in the hub.
 */
public class OidcRoles {

    public static final String ADMIN = "ROLE_ADMIN";
    public static final String VIEWER = "ROLE_VIEWER";

    private final OidcProperties properties;

    public OidcRoles(OidcProperties properties) {
        this.properties = properties;
    }

    /** The hub's authorities for a user with these claims (ID token and UserInfo merged). */
    public Set<GrantedAuthority> authorities(Map<String, Object> claims) {
        Set<String> values = values(claims.get(properties.getRoleClaim()));
        Set<GrantedAuthority> out = new LinkedHashSet<>();
        if (properties.getAdminValues().stream().anyMatch(values::contains)) {
            out.add(new SimpleGrantedAuthority(ADMIN));
        }
        if (properties.getViewerValues().stream().anyMatch(values::contains)) {
            out.add(new SimpleGrantedAuthority(VIEWER));
        }
        return out;
    }

    /** A claim as a set of strings: a JSON array, or one string of space- or comma-separated values. */
    static Set<String> values(Object claim) {
        Set<String> out = new LinkedHashSet<>();
        if (claim instanceof Collection<?> list) {
            list.stream().filter(v -> v != null).forEach(v -> out.add(v.toString().strip()));
        } else if (claim instanceof String s) {
            for (String v : s.split("[\\s,]+")) {
                if (!v.isEmpty()) {
                    out.add(v);
                }
            }
        }
        return out;
    }
}
