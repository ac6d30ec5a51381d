package io.castwire.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.ConfigurationFailureAnalyzer;
import io.castwire.common.ConfigurationValidation;
import io.castwire.support.fakes.FakeOidcProvider;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/** How the OIDC client is registered at start-up, without the hub: from the provider's discovery document, or a clear refusal. */
class OidcStartupTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(OidcProperties.class)
    @Import({ConfigurationValidation.class, OidcLogin.class})
    static class Oidc {
        @Bean
        ObjectMapper json() {
            return new ObjectMapper();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Oidc.class)
            .withPropertyValues("castwire.oidc.enabled=true", "castwire.oidc.client-id=hub", "castwire.oidc.admin-values=admins",
                    "castwire.oidc.client-secret-env=TEST_OIDC_SECRET", "TEST_OIDC_SECRET=s3cr3t-value");

    @Test
    void theClientIsRegisteredFromTheProvidersDiscoveryDocument() {
        try (FakeOidcProvider provider = new FakeOidcProvider()) {
            runner.withPropertyValues("castwire.oidc.issuer-uri=" + provider.issuer()).run(context -> {
                assertThat(context).hasNotFailed();
                ClientRegistration r = context.getBean(ClientRegistrationRepository.class).findByRegistrationId("oidc");
                assertThat(r.getProviderDetails().getTokenUri()).isEqualTo(provider.issuer() + "/token");
                assertThat(r.getProviderDetails().getJwkSetUri()).isEqualTo(provider.issuer() + "/jwks");
                assertThat(r.getClientSecret()).isEqualTo("s3cr3t-value");
                assertThat(r.getScopes()).contains("openid", "profile", "email");
                assertThat(r.getRedirectUri()).isEqualTo("{baseUrl}/login/oauth2/code/{registrationId}");
            });
        }
    }

    @Test
    void anUnreachableIssuerStopsStartUpWithOneLine() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String issuer = "http://127.0.0.1:" + closed + "/realms/castwire";
        runner.withPropertyValues("castwire.oidc.issuer-uri=" + issuer).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new ConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).doesNotContain("\n")
                    .startsWith("castwire cannot start: castwire.oidc.issuer-uri = " + issuer + ": the OpenID provider's discovery "
                            + "document (" + issuer + "/.well-known/openid-configuration) could not be read: ")
                    .contains("Connect")
                    .endsWith("Fix: set castwire.oidc.issuer-uri to the provider's issuer (exactly as its discovery document names it) "
                            + "and make sure the hub can reach it, or set castwire.oidc.enabled=false");
            assertThat(analysis.getDescription()).doesNotContain("s3cr3t-value");
        });
    }

    @Test
    void enabledWithoutItsSettingsStopsStartUpListingEach() {
        new ApplicationContextRunner().withUserConfiguration(Oidc.class).withPropertyValues("castwire.oidc.enabled=true",
                "castwire.oidc.client-secret-env=CASTWIRE_TEST_UNSET_OIDC").run(context -> {
            assertThat(context).hasFailed();
            String description = new ConfigurationFailureAnalyzer().analyze(context.getStartupFailure()).getDescription();
            assertThat(description.split("\n")).containsExactlyInAnyOrder(
                    "castwire cannot start: castwire.oidc.issuer-uri = \"\": must be set because castwire.oidc is enabled. "
                            + "Fix: set castwire.oidc.issuer-uri, or set castwire.oidc.enabled=false",
                    "castwire cannot start: castwire.oidc.client-id = \"\": must be set because castwire.oidc is enabled. "
                            + "Fix: set castwire.oidc.client-id, or set castwire.oidc.enabled=false",
                    "castwire cannot start: castwire.oidc.admin-values = []: must be set because castwire.oidc is enabled and "
                            + "nobody could be an admin through it. Fix: set castwire.oidc.admin-values, or set castwire.oidc.enabled=false",
                    "castwire cannot start: castwire.oidc.client-secret-env = CASTWIRE_TEST_UNSET_OIDC: castwire.oidc is enabled, "
                            + "but the environment variable CASTWIRE_TEST_UNSET_OIDC it names is not set (or empty). Fix: set "
                            + "CASTWIRE_TEST_UNSET_OIDC in the hub's environment (or name another variable here), or set "
                            + "castwire.oidc.enabled=false");
        });
    }

    @Test
    void offByDefault() {
        new ApplicationContextRunner().withUserConfiguration(Oidc.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ClientRegistrationRepository.class);
            assertThat(context).doesNotHaveBean(LoginCustomizer.class);
        });
    }
}
