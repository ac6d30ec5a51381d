package io.castwire.common.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.ConfigurationViolation;
import io.castwire.common.InvalidConfigurationException;
import io.castwire.common.ProblemAdvice;
import io.castwire.publishing.delivery.Secrets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.AuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Single sign-on through an OpenID Connect provider ({@code castwire.oidc.enabled=true}): Spring
 * Security's OAuth2 login, added to the hub's one filter chain as a {@link LoginCustomizer}. The
 * provider is registered from {@code castwire.oidc.*} by reading its discovery document at start-up,
 * so a wrong or unreachable issuer stops the hub with one line naming {@code castwire.oidc.issuer-uri}.
 * ID tokens are checked by Spring's {@code OidcIdTokenValidator} (signature from the provider's JWKS,
 * issuer, {@code aud} containing the client id, expiry, nonce); a refused login answers 401 problem JSON.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "castwire.oidc.enabled", havingValue = "true")
public class OidcLogin {

    private static final Logger LOG = LoggerFactory.getLogger(OidcLogin.class);

    @Bean
    public ClientRegistrationRepository clientRegistrations(OidcProperties oidc, Environment environment) {
        String secret = new Secrets(environment).get(oidc.getClientSecretEnv());
        ClientRegistration.Builder builder;
        try {
            builder = ClientRegistrations.fromIssuerLocation(oidc.getIssuerUri());
        } catch (RuntimeException e) {
            throw new InvalidConfigurationException(List.of(new ConfigurationViolation("castwire.oidc.issuer-uri", oidc.getIssuerUri(),
                    "the OpenID provider's discovery document (" + oidc.getIssuerUri().replaceAll("/+$", "")
                            + "/.well-known/openid-configuration) could not be read: " + reason(e),
                    "set castwire.oidc.issuer-uri to the provider's issuer (exactly as its discovery document names it) and "
                            + "make sure the hub can reach it, or set castwire.oidc.enabled=false")));
        }
        Set<String> scopes = new LinkedHashSet<>(List.of("openid"));
        scopes.addAll(oidc.getScopes());
        ClientRegistration registration = builder.registrationId(oidc.getRegistrationId())
                .clientName(oidc.getClientName())
                .clientId(oidc.getClientId())
                .clientSecret(secret)
                .scope(scopes)
                .redirectUri(oidc.getRedirectUri())
                .userNameAttributeName(oidc.getUsernameClaim())
                .userInfoAuthenticationMethod(AuthenticationMethod.HEADER)
                .build();
        LOG.info("Single sign-on through {} as client {} (registration {})", oidc.getIssuerUri(), oidc.getClientId(),
                oidc.getRegistrationId());
        return new InMemoryClientRegistrationRepository(registration);
    }

    /** Loads the user as Spring does, then replaces its authorities with the hub's roles from the role claim. */
    @Bean
    public OAuth2UserService<OidcUserRequest, OidcUser> oidcUsers(OidcProperties oidc) {
        OidcUserService delegate = new OidcUserService();
        OidcRoles roles = new OidcRoles(oidc);
        return request -> {
            OidcUser user = delegate.loadUser(request);
            String nameClaim = user.getClaims().get(oidc.getUsernameClaim()) != null ? oidc.getUsernameClaim() : "sub";
            OidcUser mapped = new DefaultOidcUser(roles.authorities(user.getClaims()), user.getIdToken(), user.getUserInfo(), nameClaim);
            LOG.info("Single sign-on: {} signed in with roles {}", mapped.getName(), mapped.getAuthorities());
            return mapped;
        };
    }

    @Bean
    public LoginCustomizer oidcLoginCustomizer(OAuth2UserService<OidcUserRequest, OidcUser> users, ObjectMapper json) {
        return http -> {
            http.oauth2Login(login -> login
                    .userInfoEndpoint(info -> info.oidcUserService(users))
                    .failureHandler((request, response, e) -> {
                        String why = e instanceof OAuth2AuthenticationException o && o.getError() != null
                                ? o.getError().getErrorCode() + (o.getError().getDescription() != null ? ": " + o.getError().getDescription() : "")
                                : e.getMessage();
                        LOG.warn("Single sign-on refused: {}", why);
                        ProblemDetail p = ProblemAdvice.problem(HttpStatus.UNAUTHORIZED, "sso-refused", "Single sign-on refused",
                                "the OpenID provider's answer was refused: " + why);
                        response.setStatus(HttpStatus.UNAUTHORIZED.value());
                        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                        json.writeValue(response.getOutputStream(), p);
                    }));
            // sessions, CSRF and where a browser is sent to log in (the /login page, which links here) are
            // SecurityConfiguration's: the same for the form login and single sign-on
        };
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
        return m.replaceAll("\\s+", " ");
    }
}
