package io.castwire.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.CastwireProperties;
import io.castwire.support.fakes.FakeOidcProvider;
import jakarta.servlet.Filter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * The hub's security chain with the OIDC login added, without the hub (MockMvc on the real
 * filter chain): which requests get a session, which are sent to the provider, which need a CSRF token.
 */
class OidcChainTest {

    private static final FakeOidcProvider PROVIDER = new FakeOidcProvider();
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes(StandardCharsets.UTF_8));

    @RestController
    static class Api {
        @GetMapping("/api/ping")
        String ping() {
            return "pong";
        }

        @PostMapping("/api/ping")
        String change() {
            return "changed";
        }

        @PostMapping("/webhooks/cms")
        String webhook() {
            return "accepted";
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    @EnableWebSecurity
    @EnableConfigurationProperties({CastwireProperties.class, OidcProperties.class})
    @Import({SecurityConfiguration.class, OidcLogin.class, Api.class})
    static class Chain {
        @Bean
        ObjectMapper json() {
            return new ObjectMapper();
        }
    }

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withUserConfiguration(Chain.class)
            .withPropertyValues("castwire.admin.password=pw", "castwire.oidc.enabled=true", "castwire.oidc.issuer-uri=" + PROVIDER.issuer(),
                    "castwire.oidc.client-id=" + FakeOidcProvider.CLIENT_ID, "castwire.oidc.admin-values=admins",
                    "castwire.oidc.client-secret-env=TEST_OIDC_SECRET", "TEST_OIDC_SECRET=" + FakeOidcProvider.CLIENT_SECRET);

    @AfterAll
    static void stop() {
        PROVIDER.close();
    }

    private interface Check {
        void run(MockMvc mvc) throws Exception;
    }

    private void withChain(Check check) {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                    .addFilters(context.getBean("springSecurityFilterChain", Filter.class)).build();
            check.run(mvc);
        });
    }

    @Test
    void basicCallsStayWithoutASessionAndNeedNoCsrfToken() {
        withChain(mvc -> {
            MvcResult r = mvc.perform(get("/api/ping").header("Authorization", BASIC)).andReturn();
            assertThat(r.getResponse().getStatus()).isEqualTo(200);
            assertThat(r.getRequest().getSession(false)).isNull();
            MvcResult change = mvc.perform(post("/api/ping").header("Authorization", BASIC)).andReturn();
            assertThat(change.getResponse().getStatus()).isEqualTo(200);
            assertThat(change.getRequest().getSession(false)).isNull();
        });
    }

    @Test
    void aBrowserIsSentToTheProviderAndAnApiClientGetsTheBasicChallenge() {
        withChain(mvc -> {
            MockHttpServletResponse browser = mvc.perform(get("/api/ping").header("Accept", "text/html")).andReturn().getResponse();
            assertThat(browser.getStatus()).isEqualTo(302);
            // to the login page, which offers the form and a link to the provider (LoginPage)
            assertThat(browser.getRedirectedUrl()).endsWith("/login");
            MockHttpServletResponse api = mvc.perform(get("/api/ping").header("Accept", "application/json")).andReturn().getResponse();
            assertThat(api.getStatus()).isEqualTo(401);
            assertThat(api.getHeader("WWW-Authenticate")).isEqualTo("Basic realm=\"castwire\"");
            MockHttpServletResponse start = mvc.perform(get("/oauth2/authorization/oidc")).andReturn().getResponse();
            assertThat(start.getRedirectedUrl()).startsWith(PROVIDER.issuer() + "/authorize?response_type=code&client_id="
                    + FakeOidcProvider.CLIENT_ID).contains("nonce=").contains("state=");
        });
    }

    @Test
    void signedWebhooksNeedNoCsrfToken() {
        withChain(mvc -> assertThat(mvc.perform(post("/webhooks/cms")).andReturn().getResponse().getStatus()).isEqualTo(200));
    }
}
