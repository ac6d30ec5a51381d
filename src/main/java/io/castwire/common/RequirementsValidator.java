package io.castwire.common;

import io.castwire.publishing.delivery.Secrets;
import org.springframework.core.env.Environment;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Checks {@link StartupRequirements} while Spring Boot binds {@code @ConfigurationProperties}
 * (registered as the {@code configurationPropertiesValidator}, see {@link ConfigurationValidation}).
 * A credential is looked up the way {@link Secrets} reads it when it is used; its value is never
 * put into a message, only the variable's name.
 */
public class RequirementsValidator implements Validator {

    /** Error code of a missing credential variable. */
    public static final String CREDENTIAL = "castwire.credential";
    /** Error code of a blank setting that an enabled feature needs. */
    public static final String REQUIRED = "castwire.required";

    private final Secrets secrets;

    public RequirementsValidator(Environment environment) {
        this.secrets = new Secrets(environment);
    }

    @Override
    public boolean supports(Class<?> type) {
        return StartupRequirements.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        ((StartupRequirements) target).declare(new StartupRequirements.Requirements() {
            @Override
            public void setting(String field, Object value, String because, String switchOff) {
                if (value == null || value.toString().isBlank()) {
                    errors.rejectValue(field, REQUIRED, "must be set because " + because + ". Fix: set "
                            + ConfigurationViolation.key(errors.getObjectName(), field) + ", or " + switchOff);
                }
            }

            @Override
            public void credential(String field, String variable, String because, String switchOff) {
                if (variable == null || variable.isBlank()) {
                    errors.rejectValue(field, REQUIRED, "must name the environment variable that holds the credential, because "
                            + because + ". Fix: set it to the variable's name, or " + switchOff);
                } else if (secrets.get(variable) == null) {
                    errors.rejectValue(field, CREDENTIAL, because + ", but the environment variable " + variable.strip()
                            + " it names is not set (or empty). Fix: set " + variable.strip()
                            + " in the hub's environment (or name another variable here), or " + switchOff);
                }
            }
        });
    }
}
