package dev.agora.common.problem;

import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** RFC 9457 problem details, served as {@code application/problem+json}. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://agora.dev/problems/";

    /** A problem titled after its status ({@code Not Found}, typed {@code https://agora.dev/problems/not-found}). */
    public static Problem of(int status, String detail, String instance, List<FieldError> errors) {
        return of(status, titleOf(status), detail, instance, errors);
    }

    public static Problem of(int status, String title, String detail, String instance, List<FieldError> errors) {
        return typed(null, status, title, detail, instance, errors);
    }

    /** @param type the {@code type} URI's last segment ({@code reauthentication-required}), or null for the status's */
    public static Problem typed(String type, int status, String title, String detail, String instance, List<FieldError> errors) {
        return new Problem(TYPE_BASE + (type == null ? slug(titleOf(status)) : type), title, status, detail, instance,
                errors == null ? List.of() : errors);
    }

    private static String titleOf(int status) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        return type == null ? "Error" : type.getReasonPhrase();
    }

    private static String slug(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
