package dev.agora.gateway.proxy;

import java.util.List;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.common.problem.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Problem responses (RFC 9457) written by the edge itself, outside JAX-RS. */
@Singleton
public class EdgeProblems {
    /** Past this much of an unwanted request body, the connection is closed instead of read to the end. */
    private static final long MAX_DISCARDED_BYTES = 1024 * 1024;

    private final ObjectMapper mapper;

    public EdgeProblems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void unauthorized(RoutingContext rc, String detail) {
        rc.response().putHeader("WWW-Authenticate", "Bearer");
        send(rc, 401, detail);
    }

    public void send(RoutingContext rc, int status, String detail) {
        HttpServerResponse response = rc.response();
        if (response.ended() || response.closed()) {
            return;
        }
        Problem problem = Problem.of(status, detail, rc.normalizedPath(), List.of());
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"title\":\"" + problem.title() + "\",\"status\":" + status + "}";
        }
        discardBody(rc.request());
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(body);
    }

    /** A request answered before its body was read: read the rest away so the connection can serve the next one. */
    private static void discardBody(HttpServerRequest request) {
        if (request.isEnded()) {
            return;
        }
        long[] discarded = { 0 };
        request.exceptionHandler(ignored -> {
        });
        request.handler(buffer -> {
            discarded[0] += buffer.length();
            if (discarded[0] > MAX_DISCARDED_BYTES) {
                request.connection().close();
            }
        });
        request.endHandler(null);
        request.resume();
    }
}
