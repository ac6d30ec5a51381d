package io.castwire.common;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The hub's configuration cannot work (an unknown profile, for instance); thrown during start-up and
 * printed by {@link ConfigurationFailureAnalyzer} as one line per violation, without a stack trace.
 */
public class InvalidConfigurationException extends RuntimeException {

    private final transient List<ConfigurationViolation> violations;

    public InvalidConfigurationException(List<ConfigurationViolation> violations) {
        super(violations.stream().map(ConfigurationViolation::line).collect(Collectors.joining("\n")));
        this.violations = List.copyOf(violations);
    }

    public List<ConfigurationViolation> violations() {
        return violations;
    }
}
