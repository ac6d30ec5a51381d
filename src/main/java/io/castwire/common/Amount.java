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
import java.time.Duration;
import org.springframework.util.unit.DataSize;

/**
 * A {@link Duration} or {@link DataSize} setting that must be more than zero (an interval, a
 * timeout, a quota) or, with {@code zero = true}, at least zero (a wait that may be skipped).
 * {@code null} is left to {@code @NotNull}.
 */
@Documented
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = Amount.Check.class)
public @interface Amount {

    /** Empty: "must be more than zero" or "must not be negative", with an example of the type. */
    String message() default "";

    /** Whether zero is accepted. */
    boolean zero() default false;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<Amount, Object> {

        private boolean zero;
        private String message;

        @Override
        public void initialize(Amount annotation) {
            this.zero = annotation.zero();
            this.message = annotation.message();
        }

        @Override
        public boolean isValid(Object value, ConstraintValidatorContext context) {
            int sign;
            String example;
            if (value == null) {
                return true;
            } else if (value instanceof Duration d) {
                sign = d.isNegative() ? -1 : d.isZero() ? 0 : 1;
                example = "a duration such as 500ms, 30s, 5m or 1h";
            } else if (value instanceof DataSize s) {
                sign = Long.signum(s.toBytes());
                example = "a size such as 64KB, 8MB or 10GB";
            } else {
                throw new IllegalArgumentException("@Amount is for Duration and DataSize, not " + value.getClass());
            }
            if (sign > 0 || (zero && sign == 0)) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            String text = !message.isEmpty() ? message
                    : (zero ? "must not be negative" : "must be more than zero") + " (" + example + ")";
            context.buildConstraintViolationWithTemplate(text.replace("{", "\\{").replace("$", "\\$")).addConstraintViolation();
            return false;
        }
    }
}
