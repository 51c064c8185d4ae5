package dev.agora.common.problem;

import java.util.List;

/** Ends a request with a problem response; thrown or returned as a Uni failure from anywhere in a service. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;

    public ProblemException(int status, String title, String detail, List<FieldError> errors) {
        this(status, null, title, detail, errors);
    }

    /**
     * @param type the last segment of the problem's {@code type} URI, for a problem clients must tell apart from
     *        others of its status (e.g. {@code reauthentication-required}); null for the status's own
     */
    public ProblemException(int status, String type, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ProblemException badRequest(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ProblemException(400, "Invalid request", detail, errors);
    }

    /** Also the answer for resources that exist but belong to someone else: never reveal them. */
    public static ProblemException notFound(String what) {
        return new ProblemException(404, "Not found", what + " was not found", null);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail, null);
    }

    public static ProblemException conflict(String field, String detail) {
        return new ProblemException(409, "Conflict", detail, List.of(new FieldError(field, detail)));
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail, null);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail, null);
    }

    public int status() {
        return status;
    }

    /** The {@code type} URI's last segment, or null for the status's own. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
