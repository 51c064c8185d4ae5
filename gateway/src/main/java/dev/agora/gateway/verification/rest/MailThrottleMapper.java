package dev.agora.gateway.verification.rest;

import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.agora.common.problem.Problem;
import dev.agora.gateway.verification.service.TooManyMailRequestsException;

/** 429 problem with {@code Retry-After} for an email or client address that asked for too many mails. */
public class MailThrottleMapper {

    @ServerExceptionMapper
    public Response tooManyMails(TooManyMailRequestsException e, UriInfo uri) {
        return Response.status(429)
                .type(Problem.MEDIA_TYPE)
                .header("Retry-After", e.retryAfterSeconds())
                .entity(Problem.of(429, e.getMessage(), uri.getPath(), List.of()))
                .build();
    }
}
