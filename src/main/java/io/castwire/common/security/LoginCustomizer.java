package io.castwire.common.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * Adds a way to log in (OpenID Connect, for instance) to the hub's one security filter chain;
 * {@link SecurityConfiguration} applies every such bean before it builds the chain.
 */
@FunctionalInterface
public interface LoginCustomizer {

    void customize(HttpSecurity http) throws Exception;
}
