package io.castwire.common.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.CastwireProperties;
import io.castwire.common.ProblemAdvice;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.util.Base64;
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
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Admin surfaces need HTTP Basic as {@code admin} with {@code CASTWIRE_ADMIN_PASSWORD}. When it is
 * unset, a random password is generated and printed once on standard output (never logged).
 * Health, the feeds and published media are public; so are the episode GETs when
 * {@code castwire.api.public-read=true}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    public PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    public UserDetailsService users(@Value("${castwire.admin.password:}") String configured, PasswordEncoder encoder) {
        String password = configured;
        if (password == null || password.isBlank()) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            System.out.println("\n  castwire admin password (set CASTWIRE_ADMIN_PASSWORD to choose one): " + password + "\n");
        }
        return new InMemoryUserDetailsManager(User.withUsername("admin").password(encoder.encode(password)).roles("ADMIN").build());
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
            auth.requestMatchers("/error").permitAll();
            auth.anyRequest().hasRole("ADMIN");
        });
        http.httpBasic(basic -> basic.realmName("castwire").authenticationEntryPoint((request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"castwire\"");
            write(response, json, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                    "log in as admin with HTTP Basic (password from CASTWIRE_ADMIN_PASSWORD)");
        }));
        http.exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) ->
                write(response, json, HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "this needs the admin role")));
        // the API is stateless (Basic on every call); there is no session for CSRF to ride on
        http.csrf(csrf -> csrf.disable());
        http.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        http.cors(Customizer.withDefaults());
        for (LoginCustomizer login : logins) {
            login.customize(http);
        }
        return http.build();
    }

    private static void write(HttpServletResponse response, ObjectMapper json, HttpStatus status, String type, String title,
                              String detail) throws java.io.IOException {
        ProblemDetail p = ProblemAdvice.problem(status, type, title, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), p);
    }
}
