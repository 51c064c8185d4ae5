package dev.agora.common.problem;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.agora.common.auth.SessionEndedException;
import dev.agora.common.retry.TransientFailures;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.pgclient.PgException;

/** Every error of every service leaves as RFC 9457 problem JSON; nothing escapes as a bare 500 page. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final String RETRY_AFTER_SECONDS = "1";

    private final ObjectMapper mapper;

    public ProblemMappers(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = respond(e.type(), e.status(), e.title(), e.getMessage(), uri, e.errors());
        return e.status() == 401 ? challenge(response) : response;
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(new FieldError(fieldOf(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort((a, b) -> a.field().compareTo(b.field()));
        ProblemException problem = ProblemException.invalid(errors);
        return respond(400, problem.title(), problem.getMessage(), uri, errors);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = pathOf(mapping);
            return respond(400, "Invalid request", field + ": wrong type or format", uri,
                    List.of(new FieldError(field, "wrong type or format")));
        }
        String detail = e instanceof JsonParseException ? "the body is not well-formed JSON" : "the body could not be read";
        return respond(400, "Malformed request", detail, uri, List.of());
    }

    // Quarkus ships mappers for these more specific Jackson types: ours must be at least as specific.
    @ServerExceptionMapper
    public Response unreadableJson(MismatchedInputException e, UriInfo uri) {
        return unreadableJson((JsonProcessingException) e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(InvalidFormatException e, UriInfo uri) {
        return unreadableJson((JsonProcessingException) e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonParseException e, UriInfo uri) {
        return unreadableJson((JsonProcessingException) e, uri);
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e, UriInfo uri) {
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof SessionEndedException) {
                return challenge(respond(401, "Unauthorized", SessionEndedException.DETAIL, uri, List.of()));
            }
        }
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(403, "Forbidden", "you are not allowed to do this", uri, List.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        int status = e.getResponse().getStatus();
        Problem problem = Problem.of(status, status == 404 ? "no such resource" : e.getMessage(), null, List.of());
        return respond(status, problem.title(), problem.detail(), uri, List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return problem(problem, uri);
            }
            if (cause instanceof PgException pg) {
                Response response = database(pg, uri);
                if (response != null) {
                    return response;
                }
            }
            if (cause instanceof ConstraintViolationException violation) {
                return invalid(violation, uri);
            }
            if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
                // another request changed the same row between this one's read and its write (the row's version)
                return respond(409, "Conflict", "it was changed by another request at the same time: read it again and retry",
                        uri, List.of());
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        if (TransientFailures.isTransient(e)) {
            // the database is unreachable or every connection is busy: the request did nothing and may be sent again
            LOG.warnf("Service unavailable on %s: %s", uri == null ? "?" : uri.getPath(), e.toString());
            return Response.fromResponse(respond(503, "Service Unavailable",
                    "the service is overloaded or cannot reach its database: retry shortly", uri, List.of()))
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
        }
        LOG.errorf(e, "Unexpected error on %s", uri == null ? "?" : uri.getPath());
        return respond(500, "Internal Server Error", "an unexpected error occurred", uri, List.of());
    }

    private Response database(PgException e, UriInfo uri) {
        String constraint = e.getConstraint();
        return switch (e.getSqlState()) {
            case DatabaseErrors.UNIQUE_VIOLATION -> respond(409, "Conflict",
                    "already exists" + (constraint == null ? "" : " (" + constraint + ")"), uri, List.of());
            case DatabaseErrors.FOREIGN_KEY_VIOLATION -> respond(409, "Conflict",
                    "refers to something that does not exist" + (constraint == null ? "" : " (" + constraint + ")"), uri, List.of());
            case DatabaseErrors.CHECK_VIOLATION -> respond(400, "Invalid request",
                    "a value is out of range" + (constraint == null ? "" : " (" + constraint + ")"), uri, List.of());
            default -> null;
        };
    }

    private Response unauthorized(UriInfo uri) {
        return challenge(respond(401, "Unauthorized", "a valid bearer token is required", uri, List.of()));
    }

    private static Response challenge(Response unauthorized) {
        return Response.fromResponse(unauthorized).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    private Response respond(int status, String title, String detail, UriInfo uri, List<FieldError> errors) {
        return respond(null, status, title, detail, uri, errors);
    }

    private Response respond(String type, int status, String title, String detail, UriInfo uri, List<FieldError> errors) {
        Problem problem = Problem.typed(type, status, title, detail, uri == null ? null : uri.getPath(), errors);
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"title\":\"" + title + "\",\"status\":" + status + "}";
        }
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    /** {@code create.request.llmConfig.temperature} becomes {@code llmConfig.temperature}; a bare parameter keeps its name. */
    static String fieldOf(Path path) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            // a node inside a list or map carries the position in its container: it belongs to the container's name
            if (node.isInIterable() && field.length() > 0) {
                Object position = node.getIndex() != null ? node.getIndex() : node.getKey();
                field.append('[').append(position == null ? "" : position).append(']');
            }
            if (node.getName() == null || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                continue;
            }
            if (field.length() > 0) {
                field.append('.');
            }
            field.append(node.getName());
        }
        if (field.length() == 0) {
            return parameter == null ? path.toString() : parameter;
        }
        return field.toString();
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }
}
