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
import dev.agora.gateway.org.service.OrgService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** An organization's API keys, managed by its admins (403 for other members, 404 for everyone else). */
@Path("/api/orgs/{slug}/api-keys")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "api-keys")
public class OrgApiKeysResource {
    private final ApiKeyService keys;
    private final OrgService orgs;
    private final FreshAuthentication freshAuthentication;
    private final CurrentUser caller;
    private final JsonWebToken token;

    public OrgApiKeysResource(ApiKeyService keys, OrgService orgs, FreshAuthentication freshAuthentication,
            CurrentUser caller, JsonWebToken token) {
        this.keys = keys;
        this.orgs = orgs;
        this.freshAuthentication = freshAuthentication;
        this.caller = caller;
        this.token = token;
    }

    @POST
    @Operation(summary = "Create an API key of the organization (its admins)", description = "Needs a fresh authentication: the current password as password, or a"
            + " sign-in younger than agora.gateway.auth.fresh-auth-max-age (5 minutes). The key is shown once.")
    @APIResponse(responseCode = "201", description = "Created; the answer holds the key")
    @APIResponse(responseCode = "400", description = "Invalid name, scopes or expiry")
    @APIResponse(responseCode = "403", description = "Reauthentication required (type .../reauthentication-required); 403 also for members who are not admins")
    public Uni<Response> create(@PathParam("slug") String slug, @Valid @NotNull CreateApiKeyRequest body) {
        return owner(slug)
                .call(owner -> freshAuthentication.require(caller.id(), token, body.password()))
                .chain(owner -> keys.create(owner, caller.id(), body))
                .map(key -> Response.created(URI.create("/api/orgs/" + slug + "/api-keys/" + key.id())).entity(key).build());
    }

    @GET
    public Uni<List<ApiKeyView>> list(@PathParam("slug") String slug) {
        return owner(slug).chain(keys::list);
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> revoke(@PathParam("slug") String slug, @PathParam("id") String id) {
        return owner(slug).chain(owner -> keys.revoke(owner, Ids.parse(id, "API key")))
                .map(ignored -> Response.noContent().build());
    }

    private Uni<KeyOwner> owner(String slug) {
        return orgs.adminOf(caller.id(), slug).map(org -> new KeyOwner.OfOrganization(org.id, org.slug));
    }
}
