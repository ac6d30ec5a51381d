package io.castwire.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Turns a start-up failure caused by configuration into one line per wrong setting, e.g.
 * {@code castwire cannot start: castwire.processing.concurrency = -1: must be greater than or equal to 1.
 * Fix: set castwire.processing.concurrency to a value that is greater than or equal to 1}. Spring Boot
 * then prints this analysis instead of the stack trace. Registered in META-INF/spring.factories, ahead
 * of Spring Boot's own analyzers, for {@code castwire.*} keys only; secrets are shown as {@code [secret]}.
 */
public class ConfigurationFailureAnalyzer implements FailureAnalyzer, Ordered {

    static final String ACTION = "Correct the settings above (docs/configuration.md lists every castwire.* key with its "
            + "default) and start castwire again.";

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        List<ConfigurationViolation> violations = violations(failure);
        if (violations.isEmpty()) {
            return null;
        }
        String description = violations.stream().map(ConfigurationViolation::line).collect(Collectors.joining("\n"));
        return new FailureAnalysis(description, ACTION, failure);
    }

    /** The castwire settings that made start-up fail; empty when the failure has another cause. */
    public static List<ConfigurationViolation> violations(Throwable failure) {
        // the innermost explanation wins: a BindException wraps the validation errors of its properties class
        List<ConfigurationViolation> found = List.of();
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof InvalidConfigurationException invalid) {
                return invalid.violations();
            }
            if (t instanceof BindValidationException invalid) {
                return fromValidation(invalid);
            }
            if (t instanceof BindException bind && bind.getName().toString().startsWith("castwire.")) {
                found = List.of(fromBind(bind));
            }
        }
        return found;
    }

    private static List<ConfigurationViolation> fromValidation(BindValidationException invalid) {
        List<ConfigurationViolation> out = new ArrayList<>();
        String name = invalid.getValidationErrors().getName().toString();
        for (ObjectError error : invalid.getValidationErrors().getAllErrors()) {
            String message = error.getDefaultMessage() == null ? "is not valid" : error.getDefaultMessage();
            if (error instanceof FieldError field && !"AssertTrue".equals(field.getCode())) {
                String key = ConfigurationViolation.key(field.getObjectName(), field.getField());
                out.add(violation(key, field.getRejectedValue() == null ? "(not set)" : field.getRejectedValue(), message));
            } else {
                // a rule over several settings (an @AssertTrue method): its message names them
                String key = error instanceof FieldError field ? ConfigurationViolation.key(field.getObjectName(), parent(field.getField()))
                        : error.getObjectName();
                out.add(violation(key, null, message));
            }
        }
        if (out.isEmpty()) {
            out.add(new ConfigurationViolation(name, null, "is not valid", "see docs/configuration.md"));
        }
        return out;
    }

    private static ConfigurationViolation violation(String key, Object value, String message) {
        int fix = message.indexOf(". Fix: ");
        if (fix >= 0) {
            return new ConfigurationViolation(key, value, message.substring(0, fix), message.substring(fix + ". Fix: ".length()));
        }
        if (value == null) {
            return new ConfigurationViolation(key, null, message, "change the " + key + ".* settings so that this holds");
        }
        if (message.startsWith("must ")) {
            String rule = message.replaceFirst("^must not be ", "is not ").replaceFirst("^must be ", "is ")
                    .replaceFirst("^must not ", "does not ").replaceFirst("^must ", "does ");
            return new ConfigurationViolation(key, value, message, "set " + key + " to a value that " + rule
                    + ", or remove it to use the default");
        }
        return new ConfigurationViolation(key, value, message, "correct " + key + " (docs/configuration.md)");
    }

    private static String parent(String field) {
        int dot = field.lastIndexOf('.');
        return dot < 0 ? "" : field.substring(0, dot);
    }

    private static ConfigurationViolation fromBind(BindException bind) {
        String key = bind.getName().toString();
        ConfigurationProperty property = bind.getProperty();
        Object value = property != null ? property.getValue() : null;
        ResolvableType type = bind.getTarget().getType();
        Class<?> raw = type.resolve(Object.class);
        String expected;
        if (raw == Duration.class) {
            expected = "a duration such as 500ms, 30s, 5m or 1h (or ISO-8601 PT30S)";
        } else if (raw == DataSize.class) {
            expected = "a size such as 64KB, 8MB or 10GB";
        } else if (raw.isEnum()) {
            expected = "one of " + Arrays.stream(raw.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(java.util.Locale.ROOT))
                    .collect(Collectors.joining(", "));
        } else if (raw == boolean.class || raw == Boolean.class) {
            expected = "true or false";
        } else if (raw == int.class || raw == long.class || raw == short.class || raw == Integer.class || raw == Long.class
                || raw == Short.class) {
            expected = "a whole number";
        } else if (raw == float.class || raw == double.class || raw == Float.class || raw == Double.class) {
            expected = "a number";
        } else {
            expected = "a " + raw.getSimpleName();
        }
        return new ConfigurationViolation(key, value == null ? "(not set)" : value,
                "cannot be read as " + expected, "set " + key + " to " + expected);
    }
}
