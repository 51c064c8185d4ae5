package dev.agora.gateway.verification.rest;

import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.auth.CurrentUser;
import dev.agora.gateway.proxy.ClientAddress;
import dev.agora.gateway.verification.service.EmailVerification;
import dev.agora.gateway.verification.service.MailRequestThrottle;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** A signed-in user asking for a new verification mail. */
@Path("/api/users/me/verify-email")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class MyEmailVerificationResource {
    private final EmailVerification verification;
    private final MailRequestThrottle throttle;
    private final ClientAddress clientAddress;
    private final CurrentUser caller;

    public MyEmailVerificationResource(EmailVerification verification, MailRequestThrottle throttle,
            ClientAddress clientAddress, CurrentUser caller) {
        this.verification = verification;
        this.throttle = throttle;
        this.clientAddress = clientAddress;
        this.caller = caller;
    }

    @POST
    @Path("resend")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Mail a new verification link to my address", description = "Earlier links stop working.")
    @APIResponse(responseCode = "202", description = "the mail is on its way")
    @APIResponse(responseCode = "409", description = "the address is verified already")
    @APIResponse(responseCode = "429", description = "too many mails asked for this address or from this client (Retry-After)")
    public Uni<Response> resend(@Context HttpServerRequest request) {
        UUID id = caller.id();
        String email = caller.email();
        return throttle.take(email, clientAddress.of(request))
                .chain(() -> verification.send(id))
                .map(ignored -> Response.accepted(new MailRequested("a verification mail is on its way to " + email)).build());
    }
}
