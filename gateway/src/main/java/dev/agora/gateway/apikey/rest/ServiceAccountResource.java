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
import dev.agora.common.problem.ProblemException;
import dev.agora.gateway.apikey.model.ApiKeyView;
import dev.agora.gateway.apikey.model.CreateApiKeyRequest;
import dev.agora.gateway.apikey.model.CreateServiceAccountRequest;
import dev.agora.gateway.apikey.service.ApiKeyService;
import dev.agora.gateway.apikey.service.KeyOwner;
import dev.agora.gateway.auth.service.FreshAuthentication;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * Service accounts (roles {@code ingestor}, {@code payments}) and their API keys: platform administrators only
 * (the {@code admin} group), everyone else gets 403.
 */
@Path("/api/admin/service-accounts")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "api-keys")
public class ServiceAccountResource {
    private final ApiKeyService keys;
    private final FreshAuthentication freshAuthentication;
    private final CurrentUser caller;
    private final JsonWebToken token;

    public ServiceAccountResource(ApiKeyService keys, FreshAuthentication freshAuthentication, CurrentUser caller,
            JsonWebToken token) {
        this.keys = keys;
        this.freshAuthentication = freshAuthentication;
        this.caller = caller;
        this.token = token;
    }

    @POST
    public Uni<Response> create(@Valid @NotNull CreateServiceAccountRequest body) {
        requirePlatformAdmin();
        return keys.createServiceAccount(caller.id(), body).map(ServiceAccountView::of)
                .map(account -> Response.created(URI.create("/api/admin/service-accounts/" + account.id()))
                        .entity(account).build());
    }

    @GET
    public Uni<List<ServiceAccountView>> list() {
        requirePlatformAdmin();
        return keys.serviceAccounts().map(found -> found.stream().map(ServiceAccountView::of).toList());
    }

    @POST
    @Path("{id}/api-keys")
    @Operation(summary = "Create an API key of the service account (platform administrators)", description = "Needs a fresh authentication: the current password as password, or a"
            + " sign-in younger than agora.gateway.auth.fresh-auth-max-age (5 minutes). The key is shown once.")
    @APIResponse(responseCode = "201", description = "Created; the answer holds the key")
    @APIResponse(responseCode = "400", description = "Invalid name, scopes or expiry")
    @APIResponse(responseCode = "403", description = "Reauthentication required (type .../reauthentication-required); 403 also for everyone else")
    public Uni<Response> createKey(@PathParam("id") String id, @Valid @NotNull CreateApiKeyRequest body) {
        requirePlatformAdmin();
        return keys.serviceAccount(Ids.parse(id, "service account"))
                .call(account -> freshAuthentication.require(caller.id(), token, body.password()))
                .chain(account -> keys.create(new KeyOwner.OfServiceAccount(account.id), caller.id(), body))
                .map(key -> Response.created(URI.create("/api/admin/service-accounts/" + id + "/api-keys/" + key.id()))
                        .entity(key).build());
    }

    @GET
    @Path("{id}/api-keys")
    public Uni<List<ApiKeyView>> listKeys(@PathParam("id") String id) {
        requirePlatformAdmin();
        return keys.serviceAccount(Ids.parse(id, "service account"))
                .chain(account -> keys.list(new KeyOwner.OfServiceAccount(account.id)));
    }

    @DELETE
    @Path("{id}/api-keys/{keyId}")
    public Uni<Response> revokeKey(@PathParam("id") String id, @PathParam("keyId") String keyId) {
        requirePlatformAdmin();
        return keys.revoke(new KeyOwner.OfServiceAccount(Ids.parse(id, "service account")), Ids.parse(keyId, "API key"))
                .map(ignored -> Response.noContent().build());
    }

    private void requirePlatformAdmin() {
        caller.id();
        if (!caller.isPlatformAdmin()) {
            throw ProblemException.forbidden("only platform administrators manage service accounts");
        }
    }
}
