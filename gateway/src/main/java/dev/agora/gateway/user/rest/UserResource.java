package dev.agora.gateway.user.rest;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.problem.ProblemException;
import dev.agora.gateway.auth.service.AccessTokens;
import dev.agora.gateway.auth.service.FreshAuthentication;
import dev.agora.gateway.auth.service.SessionService;
import dev.agora.gateway.user.service.UserService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The caller's own account: profile, password, sessions, deactivation and deletion. */
@Path("/api/users/me")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class UserResource {
    private final UserService users;
    private final SessionService sessions;
    private final FreshAuthentication freshAuthentication;
    private final CurrentUser caller;
    private final JsonWebToken token;

    public UserResource(UserService users, SessionService sessions, FreshAuthentication freshAuthentication,
            CurrentUser caller, JsonWebToken token) {
        this.users = users;
        this.sessions = sessions;
        this.freshAuthentication = freshAuthentication;
        this.caller = caller;
        this.token = token;
    }

    @GET
    public Uni<UserProfile> me() {
        return users.get(caller.id()).map(UserProfile::of);
    }

    @PATCH
    public Uni<UserProfile> update(@Valid @NotNull UpdateProfileRequest body) {
        return users.updateProfile(caller.id(), body.toChange()).map(UserProfile::of);
    }

    /** Every other session is signed out; the caller's own stays. */
    @POST
    @Path("password")
    @Operation(summary = "Change my password", description = "Needs the current password. Every other session ends"
            + " (its access tokens are refused too); my own API keys are revoked unless keepApiKeys is true.")
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "400", description = "currentPassword wrong, or newPassword against the policy")
    public Uni<Response> changePassword(@Valid @NotNull ChangePasswordRequest body) {
        return users.changePassword(caller.id(), currentSession(), body.currentPassword(), body.newPassword(),
                body.keepsApiKeys())
                .map(ignored -> Response.noContent().build());
    }

    @POST
    @Path("deactivate")
    public Uni<Response> deactivate() {
        return users.deactivate(caller.id()).map(ignored -> Response.noContent().build());
    }

    @DELETE
    @Operation(summary = "Delete my account", description = "Needs a fresh authentication: my current password as"
            + " password in the body, or a sign-in younger than agora.gateway.auth.fresh-auth-max-age (5 minutes).")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "Reauthentication required (type .../reauthentication-required):"
            + " no password and an older sign-in, or a wrong password")
    @APIResponse(responseCode = "409", description = "The last admin of an organization")
    public Uni<Response> delete(@Valid DeleteAccountRequest body) {
        UUID me = caller.id();
        return freshAuthentication.require(me, token, body == null ? null : body.password())
                .chain(() -> users.delete(me))
                .map(ignored -> Response.noContent().build());
    }

    @GET
    @Path("sessions")
    public Uni<List<SessionView>> sessions() {
        UUID current = currentSession();
        return users.get(caller.id())
                .chain(user -> sessions.listOpen(user.id))
                .map(open -> open.stream().map(session -> SessionView.of(session, current)).toList());
    }

    @DELETE
    @Path("sessions/{id}")
    public Uni<Response> revokeSession(@PathParam("id") String id) {
        return sessions.revoke(caller.id(), parse(id)).map(ignored -> Response.noContent().build());
    }

    private UUID currentSession() {
        String sid = token == null ? null : token.getClaim(AccessTokens.SESSION_CLAIM);
        if (sid == null) {
            return null;
        }
        try {
            return UUID.fromString(sid);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("session " + id);
        }
    }
}
