package io.castwire.common;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A setting that is an absolute {@code http} or {@code https} URL with a host (a base URL of an API,
 * the hub's public URL). With {@code optional = true} an empty value (feature off) passes as well.
 */
@Documented
@Target({ElementType.FIELD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = HttpUrl.Check.class)
public @interface HttpUrl {

    String message() default "must be an http(s) URL with a host, such as https://example.org";

    /** Whether an empty value is accepted (the feature is then off). */
    boolean optional() default false;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check; {@code null} is left to {@code @NotNull}. */
    class Check implements ConstraintValidator<HttpUrl, String> {

        private boolean optional;

        @Override
        public void initialize(HttpUrl annotation) {
            this.optional = annotation.optional();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            if (value.isBlank()) {
                return optional;
            }
            return isHttpUrl(value.strip());
        }

        /** Whether {@code value} is an absolute http(s) URL with a host. */
        public static boolean isHttpUrl(String value) {
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !uri.getHost().isBlank();
            } catch (URISyntaxException e) {
                return false;
            }
        }
    }
}
