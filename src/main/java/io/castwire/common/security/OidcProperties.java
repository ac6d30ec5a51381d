package io.castwire.common.security;

import io.castwire.common.HttpUrl;
import io.castwire.common.StartupRequirements;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code castwire.oidc.*}: single sign-on for admins through an OpenID Connect provider, besides the
 * local {@code admin} user. Off by default. The client secret is read from the environment variable
 * named by {@code client-secret-env}, never from configuration. A user's roles come from one claim
 * ({@code role-claim}) of the ID token or the UserInfo answer: a value in {@code admin-values} gives
 * ADMIN, one in {@code viewer-values} gives VIEWER, anything else no role (403 everywhere).
 */
@Validated
@ConfigurationProperties(prefix = "castwire.oidc")
public class OidcProperties implements StartupRequirements {

    private boolean enabled = false;
    /** Part of the login and callback URLs: /oauth2/authorization/{id} and /login/oauth2/code/{id}. */
    @NotBlank
    @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,39}", message = "must be lower-case letters, digits and dashes, such as oidc")
    private String registrationId = "oidc";
    /** Shown on the login page. */
    @NotBlank
    private String clientName = "Single sign-on";
    /** The provider's issuer; its {@code /.well-known/openid-configuration} is read at start-up. */
    @NotNull
    @HttpUrl(optional = true)
    private String issuerUri = "";
    /** The client id registered with the provider; ID tokens must name it in {@code aud}. */
    @NotNull
    private String clientId = "";
    /** Environment variable holding the client secret. */
    @NotNull
    private String clientSecretEnv = "CASTWIRE_OIDC_CLIENT_SECRET";
    /** Scopes asked for; {@code openid} is always added. */
    @NotNull
    private List<String> scopes = new ArrayList<>(List.of("openid", "profile", "email"));
    /** Claim holding the user's groups or roles (a list, or one string of space- or comma-separated values). */
    @NotBlank
    private String roleClaim = "groups";
    /** Claim values that make a user ADMIN. */
    @NotNull
    private List<String> adminValues = new ArrayList<>();
    /** Claim values that make a user VIEWER. */
    @NotNull
    private List<String> viewerValues = new ArrayList<>();
    /** Claim used as the user's name in the hub (falls back to {@code sub} when a token lacks it). */
    @NotBlank
    private String usernameClaim = "preferred_username";
    /** Where the provider sends the browser back; register this URL with the provider. */
    @NotEmpty
    private String redirectUri = "{baseUrl}/login/oauth2/code/{registrationId}";

    @Override
    public void declare(Requirements r) {
        if (!enabled) {
            return;
        }
        String off = "set castwire.oidc.enabled=false";
        r.setting("issuerUri", issuerUri, "castwire.oidc is enabled", off);
        r.setting("clientId", clientId, "castwire.oidc is enabled", off);
        r.setting("adminValues", String.join(",", adminValues), "castwire.oidc is enabled and nobody could be an admin through it", off);
        r.credential("clientSecretEnv", clientSecretEnv, "castwire.oidc is enabled", off);
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean v) { this.enabled = v; }
    public String getRegistrationId() { return registrationId; }
    public void setRegistrationId(String v) { this.registrationId = v; }
    public String getClientName() { return clientName; }
    public void setClientName(String v) { this.clientName = v; }
    public String getIssuerUri() { return issuerUri; }
    public void setIssuerUri(String v) { this.issuerUri = v == null ? "" : v.strip(); }
    public String getClientId() { return clientId; }
    public void setClientId(String v) { this.clientId = v == null ? "" : v.strip(); }
    public String getClientSecretEnv() { return clientSecretEnv; }
    public void setClientSecretEnv(String v) { this.clientSecretEnv = v; }
    public List<String> getScopes() { return scopes; }
    public void setScopes(List<String> v) { this.scopes = v; }
    public String getRoleClaim() { return roleClaim; }
    public void setRoleClaim(String v) { this.roleClaim = v; }
    public List<String> getAdminValues() { return adminValues; }
    public void setAdminValues(List<String> v) { this.adminValues = v; }
    public List<String> getViewerValues() { return viewerValues; }
    public void setViewerValues(List<String> v) { this.viewerValues = v; }
    public String getUsernameClaim() { return usernameClaim; }
    public void setUsernameClaim(String v) { this.usernameClaim = v; }
    public String getRedirectUri() { return redirectUri; }
    public void setRedirectUri(String v) { this.redirectUri = v; }
}
