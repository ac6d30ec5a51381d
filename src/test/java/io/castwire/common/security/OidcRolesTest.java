package io.castwire.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;

class OidcRolesTest {

    private final OidcRoles roles = new OidcRoles(properties("roles", List.of("castwire-admins"), List.of("castwire-viewers", "staff")));

    private static OidcProperties properties(String claim, List<String> admins, List<String> viewers) {
        OidcProperties p = new OidcProperties();
        p.setRoleClaim(claim);
        p.setAdminValues(admins);
        p.setViewerValues(viewers);
        return p;
    }

    private List<String> of(Map<String, Object> claims) {
        return roles.authorities(claims).stream().map(GrantedAuthority::getAuthority).toList();
    }

    @Test
    void claimValuesMapToTheHubsRoles() {
        assertThat(of(Map.of("roles", List.of("castwire-admins")))).containsExactly("ROLE_ADMIN");
        assertThat(of(Map.of("roles", List.of("staff")))).containsExactly("ROLE_VIEWER");
        assertThat(of(Map.of("roles", List.of("staff", "castwire-admins")))).containsExactly("ROLE_ADMIN", "ROLE_VIEWER");
    }

    @Test
    void aClaimMayBeOneStringOfSeparatedValues() {
        assertThat(of(Map.of("roles", "other castwire-admins"))).containsExactly("ROLE_ADMIN");
        assertThat(of(Map.of("roles", "other,castwire-viewers"))).containsExactly("ROLE_VIEWER");
    }

    @Test
    void noMappedValueOrNoClaimGivesNoRole() {
        assertThat(of(Map.of("roles", List.of("marketing")))).isEmpty();
        assertThat(of(Map.of("groups", List.of("castwire-admins")))).as("another claim than role-claim").isEmpty();
        assertThat(of(Map.of("roles", List.of("castwire-admins-not")))).as("whole values only").isEmpty();
    }
}
