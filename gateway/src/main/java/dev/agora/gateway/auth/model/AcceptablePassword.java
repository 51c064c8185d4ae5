package dev.agora.gateway.auth.model;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;


/** The password policy: 10 to 128 characters, and not one of the well-known breached passwords. */
@Documented
@NotNull
@Size(min = AcceptablePassword.MIN_LENGTH, max = AcceptablePassword.MAX_LENGTH)
@Constraint(validatedBy = AcceptablePassword.NotBreached.class)
@Target({ FIELD, PARAMETER, RECORD_COMPONENT })
@Retention(RUNTIME)
public @interface AcceptablePassword {
    int MIN_LENGTH = 10;
    int MAX_LENGTH = 128;

    String message() default "is a well-known breached password, choose another one";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class NotBreached implements ConstraintValidator<AcceptablePassword, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return !BreachedPasswords.contains(value);
        }
    }
}
