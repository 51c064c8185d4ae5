package dev.agora.gateway.apikey.rest;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import dev.agora.gateway.apikey.model.ApiKeyView;
import dev.agora.gateway.apikey.model.CreateApiKeyRequest;
import dev.agora.gateway.apikey.service.ApiKeyService;
import dev.agora.gateway.apikey.service.KeyOwner;
import dev.agora.gateway.auth.service.FreshAuthentication;
import dev.agora.gateway.user.service.UserService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The caller's own API keys: they act as the caller, limited to their scopes. */
@Path("/api/users/me/api-keys")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "api-keys")
public class MyApiKeysResource {
    private final ApiKeyService keys;
    private final UserService users;
    private final FreshAuthentication freshAuthentication;
    private final CurrentUser caller;
    private final JsonWebToken token;

    public MyApiKeysResource(ApiKeyService keys, UserService users, FreshAuthentication freshAuthentication,
            CurrentUser caller, JsonWebToken token) {
        this.keys = keys;
        this.users = users;
        this.freshAuthentication = freshAuthentication;
        this.caller = caller;
        this.token = token;
    }

    @POST
    @Operation(summary = "Create an API key acting as me", description = "Needs a fresh authentication: the current password as password, or a"
            + " sign-in younger than agora.gateway.auth.fresh-auth-max-age (5 minutes). The key is shown once.")
    @APIResponse(responseCode = "201", description = "Created; the answer holds the key")
    @APIResponse(responseCode = "400", description = "Invalid name, scopes or expiry")
    @APIResponse(responseCode = "403", description = "Reauthentication required (type .../reauthentication-required)")
    public Uni<Response> create(@Valid @NotNull CreateApiKeyRequest body) {
        return users.get(caller.id())
                .call(user -> freshAuthentication.require(user.id, token, body.password()))
                .chain(user -> keys.create(new KeyOwner.OfUser(user.id), user.id, body))
                .map(key -> Response.created(URI.create("/api/users/me/api-keys/" + key.id())).entity(key).build());
    }

    @GET
    public Uni<List<ApiKeyView>> list() {
        return keys.list(new KeyOwner.OfUser(caller.id()));
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> revoke(@PathParam("id") String id) {
        return keys.revoke(new KeyOwner.OfUser(caller.id()), Ids.parse(id, "API key"))
                .map(ignored -> Response.noContent().build());
    }
}
