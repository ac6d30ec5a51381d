package io.castwire.common.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.CastwireProperties;
import io.castwire.common.ProblemAdvice;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One security chain for the whole hub. Users: {@code admin} (role ADMIN, password
 * {@code CASTWIRE_ADMIN_PASSWORD}, else a random one printed once on standard output, never
 * logged) and {@code viewer} (role VIEWER, only when {@code CASTWIRE_VIEWER_PASSWORD} is set).
 * Login by form ({@code /login}, a session) or HTTP Basic (no session). Health, feeds, published
 * media and signed inbound webhooks are public; VIEWER may GET the API and read Hawtio and Jolokia
 * (limited by {@link JolokiaGuardFilter}); everything else needs ADMIN. State-changing requests
 * that ride on the session need a CSRF token (cookie {@code XSRF-TOKEN}, header
 * {@code X-XSRF-TOKEN} or form field {@code _csrf}); requests with an Authorization header carry
 * their own credentials and need none.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    public PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    public UserDetailsService users(@Value("${castwire.admin.password:}") String configured,
                                    @Value("${castwire.viewer.password:}") String viewer, PasswordEncoder encoder) {
        String password = configured;
        if (password == null || password.isBlank()) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            System.out.println("\n  castwire admin password (set CASTWIRE_ADMIN_PASSWORD to choose one): " + password + "\n");
        }
        List<UserDetails> users = new ArrayList<>();
        users.add(User.withUsername("admin").password(encoder.encode(password)).roles("ADMIN").build());
        // no viewer password, no viewer account: nothing to guess
        if (viewer != null && !viewer.isBlank()) {
            users.add(User.withUsername("viewer").password(encoder.encode(viewer)).roles("VIEWER").build());
        }
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    public SecurityFilterChain api(HttpSecurity http, CastwireProperties properties, ObjectMapper json,
                                   java.util.List<LoginCustomizer> logins) throws Exception {
        boolean publicRead = properties.getApi().isPublicRead();
        http.authorizeHttpRequests(auth -> {
            auth.requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll();
            auth.requestMatchers(HttpMethod.GET, "/feed.xml", "/shows/*/feed.xml",
                    "/shows/*/cover.png", "/media/**").permitAll();
            auth.requestMatchers(HttpMethod.HEAD, "/feed.xml", "/shows/*/feed.xml", "/shows/*/cover.png", "/media/**").permitAll();
            if (publicRead) {
                auth.requestMatchers(HttpMethod.GET, "/api/episodes", "/api/episodes/*").permitAll();
            }
            // inbound webhooks (the hub's and Kamelet sources') authenticate by their Standard Webhooks signature
            auth.requestMatchers(HttpMethod.POST, "/webhooks/*").permitAll();
            auth.requestMatchers("/error", "/login").permitAll();
            auth.requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole("ADMIN", "VIEWER");
            // the console's pages and Jolokia: what each role may ask Jolokia is JolokiaGuardFilter's business
            auth.requestMatchers("/actuator/hawtio", "/actuator/hawtio/**", "/actuator/jolokia",
                    "/actuator/jolokia/**").hasAnyRole("ADMIN", "VIEWER");
            auth.anyRequest().hasRole("ADMIN");
        });
        AuthenticationEntryPoint problem = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"castwire\"");
            write(response, json, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                    "log in as admin with HTTP Basic (password from CASTWIRE_ADMIN_PASSWORD)");
        };
        // a browser asking for a page goes to the login form (and never sees a Basic challenge, so it
        // never caches Basic credentials that a cross-site form could ride on); scripts get 401 JSON
        RequestMatcher html = html();
        LinkedHashMap<RequestMatcher, AuthenticationEntryPoint> entryPoints = new LinkedHashMap<>();
        entryPoints.put(html, new LoginUrlAuthenticationEntryPoint("/login"));
        DelegatingAuthenticationEntryPoint entryPoint = new DelegatingAuthenticationEntryPoint(entryPoints);
        entryPoint.setDefaultEntryPoint(problem);
        // Basic authenticates each request on its own: no session for scripts
        http.httpBasic(basic -> basic.realmName("castwire").authenticationEntryPoint(problem)
                .securityContextRepository(new org.springframework.security.web.context.RequestAttributeSecurityContextRepository()));
        http.formLogin(form -> form.loginPage("/login").permitAll());
        http.logout(Customizer.withDefaults());
        http.exceptionHandling(ex -> ex.authenticationEntryPoint(entryPoint).accessDeniedHandler((request, response, e) ->
                write(response, json, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                        "this needs the admin role, or the CSRF token of the login session (header X-XSRF-TOKEN)")));
        HttpSessionRequestCache requests = new HttpSessionRequestCache();
        requests.setRequestMatcher(html);
        http.requestCache(cache -> cache.requestCache(requests));
        // sessions only for the form login (and single sign-on): Basic keeps its authentication on the request,
        // and the session management filter, which looks there first, finds it and stores nothing in a session
        http.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED));
        http.securityContext(c -> c.securityContextRepository(
                new org.springframework.security.web.context.DelegatingSecurityContextRepository(
                        new org.springframework.security.web.context.RequestAttributeSecurityContextRepository(),
                        new org.springframework.security.web.context.HttpSessionSecurityContextRepository())));
        CsrfTokenRequestAttributeHandler plainToken = new CsrfTokenRequestAttributeHandler();
        http.csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                .csrfTokenRequestHandler(plainToken)
                .requireCsrfProtectionMatcher(SecurityConfiguration::needsCsrfToken));
        http.addFilterAfter(new CsrfCookieFilter(), org.springframework.security.web.csrf.CsrfFilter.class);
        http.addFilterAfter(new JolokiaGuardFilter(json), AuthorizationFilter.class);
        // no CorsConfigurationSource: no cross-origin request is allowed anywhere
        http.cors(Customizer.withDefaults());
        for (LoginCustomizer login : logins) {
            login.customize(http);
        }
        return http.build();
    }

    /** Requests for HTML pages (a browser), not {@code *}{@code /*} alone. */
    static RequestMatcher html() {
        MediaTypeRequestMatcher m = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        m.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
        return m;
    }

    /**
     * A state-changing request needs the token when it could ride on a browser's session: it
     * carries a session cookie and no Authorization header of its own (Basic from a script: a
     * cross-site page cannot set that header), and always for the login form itself. A request with
     * neither session nor credentials (a signed inbound webhook, or a script that forgot to log in,
     * which then gets its 401) needs none.
     */
    static boolean needsCsrfToken(jakarta.servlet.http.HttpServletRequest request) {
        String method = request.getMethod();
        boolean safe = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") || method.equals("TRACE");
        if (safe) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/login")) {
            return true;
        }
        return request.getHeader("Authorization") == null && request.getRequestedSessionId() != null;
    }

    /** Loads the deferred token on every request, so the XSRF-TOKEN cookie is there for Hawtio's fetches. */
    static final class CsrfCookieFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response,
                                        jakarta.servlet.FilterChain chain) throws jakarta.servlet.ServletException, java.io.IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null && request.getHeader("Authorization") == null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }

    private static void write(HttpServletResponse response, ObjectMapper json, HttpStatus status, String type, String title,
                              String detail) throws java.io.IOException {
        ProblemDetail p = ProblemAdvice.problem(status, type, title, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), p);
    }
}
