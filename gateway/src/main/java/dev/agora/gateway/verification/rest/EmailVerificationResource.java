package dev.agora.gateway.verification.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.gateway.verification.service.EmailVerification;
import io.smallrye.mutiny.Uni;

/** Opening the link of a verification mail (no sign-in needed: the token is the proof). */
@Path("/auth/verify-email")
@Cancellable(false)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "auth")
public class EmailVerificationResource {
    private final EmailVerification verification;

    public EmailVerificationResource(EmailVerification verification) {
        this.verification = verification;
    }

    @POST
    @Operation(summary = "Verify the email address with the token of a verification mail",
            description = "The address counts as verified in access tokens issued from then on (sign in again or refresh).")
    @APIResponse(responseCode = "204", description = "verified")
    @APIResponse(responseCode = "400", description = "the token is unknown, expired, used or superseded (problem on `token`)")
    public Uni<Response> verify(@Valid @NotNull VerifyEmailRequest body) {
        return verification.verify(body.token()).map(ignored -> Response.noContent().build());
    }
}
