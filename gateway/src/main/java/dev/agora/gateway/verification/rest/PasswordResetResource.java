package dev.agora.gateway.verification.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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

import dev.agora.gateway.proxy.ClientAddress;
import dev.agora.gateway.verification.service.MailRequestThrottle;
import dev.agora.gateway.verification.service.PasswordReset;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** A forgotten password: ask for a reset mail, then set a new password with its token. */
@Path("/auth/password-reset")
@Cancellable(false)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "auth")
public class PasswordResetResource {
    static final String REQUESTED = "if an account uses this email address, a reset link is on its way to it";

    private final PasswordReset reset;
    private final MailRequestThrottle throttle;
    private final ClientAddress clientAddress;

    public PasswordResetResource(PasswordReset reset, MailRequestThrottle throttle, ClientAddress clientAddress) {
        this.reset = reset;
        this.throttle = throttle;
        this.clientAddress = clientAddress;
    }

    @POST
    @Path("request")
    @Operation(summary = "Mail a password-reset link",
            description = "The same answer whether or not an account uses the address; the link works once, for 30 minutes by default.")
    @APIResponse(responseCode = "202", description = "a link is on its way if the account exists")
    @APIResponse(responseCode = "429", description = "too many mails asked for this address or from this client (Retry-After)")
    public Uni<Response> request(@Valid @NotNull PasswordResetRequest body, @Context HttpServerRequest request) {
        return throttle.take(body.email(), clientAddress.of(request))
                .invoke(() -> reset.request(body.email()))
                .map(ignored -> Response.accepted(new MailRequested(REQUESTED)).build());
    }

    @POST
    @Operation(summary = "Set a new password with the token of a reset mail",
            description = "Every session of the account ends; the token cannot be used again.")
    @APIResponse(responseCode = "204", description = "the password is changed")
    @APIResponse(responseCode = "400", description = "the token is unknown, expired, used or superseded (problem on `token`), or the password breaks the policy (on `newPassword`)")
    public Uni<Response> reset(@Valid @NotNull NewPasswordRequest body) {
        return reset.reset(body.token(), body.newPassword()).map(ignored -> Response.noContent().build());
    }
}
