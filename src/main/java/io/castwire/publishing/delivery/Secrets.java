package io.castwire.publishing.delivery;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Credentials by name: configuration says which environment variable holds a secret
 * ({@code castwire.publish.x.token-env=X_BEARER_TOKEN}), never the secret itself. Looked up through
 * Spring's environment (environment variables, then system properties and other property sources),
 * at the time of the call, so a rotated secret needs no restart of the hub's configuration.
 * Values are never logged or put into messages.
 */
@Component
public class Secrets {

    private final Environment environment;

    public Secrets(Environment environment) {
        this.environment = environment;
    }

    /** The secret in the named variable, or null when the name is blank or the variable unset. */
    public String get(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String v = environment.getProperty(name.strip());
        return v == null || v.isBlank() ? null : v;
    }

    /**
     * The secret in the named variable.
     *
     * @throws PermanentDeliveryException when it is not set: retrying will not help until an admin sets it
     */
    public String require(String destination, String name) throws PermanentDeliveryException {
        String v = get(name);
        if (v == null) {
            throw new PermanentDeliveryException(destination + ": the credential variable "
                    + (name == null || name.isBlank() ? "(not configured)" : "'" + name + "'") + " is not set", 0);
        }
        return v;
    }
}
