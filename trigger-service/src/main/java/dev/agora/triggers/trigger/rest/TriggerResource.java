package dev.agora.triggers.trigger.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.paging.Page;
import dev.agora.triggers.trigger.service.TriggerService;
import dev.agora.triggers.trigger.service.TriggerView;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The caller's triggers; anyone else's answer 404. */
@Path("/api/triggers")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "triggers")
public class TriggerResource {
    private final TriggerService triggers;
    private final CurrentUser user;

    public TriggerResource(TriggerService triggers, CurrentUser user) {
        this.triggers = triggers;
        this.user = user;
    }

    @POST
    @Operation(summary = "Create a trigger",
            description = "Needs a verified email address: otherwise 403 problem of type email-not-verified.")
    public Uni<Response> create(JsonNode body) {
        user.requireVerifiedEmail();
        return triggers.create(user.id(), body)
                .map(trigger -> Response.created(URI.create("/api/triggers/" + trigger.get("id").asText())).entity(trigger)
                        .build());
    }

    @GET
    public Uni<Page<TriggerView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return triggers.list(user.id(), limit, cursor);
    }

    @GET
    @Path("{id}")
    public Uni<TriggerView> get(@PathParam("id") UUID id) {
        return triggers.get(user.id(), id);
    }

    /** Replaces the whole trigger; a changed filter, condition tree or grouping starts its state afresh. */
    @PUT
    @Path("{id}")
    public Uni<TriggerView> replace(@PathParam("id") UUID id, JsonNode body) {
        return triggers.replace(user.id(), id, body);
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return triggers.delete(user.id(), id).map(ignored -> Response.noContent().build());
    }

    @POST
    @Path("{id}/enable")
    public Uni<TriggerView> enable(@PathParam("id") UUID id) {
        return triggers.setEnabled(user.id(), id, true);
    }

    @POST
    @Path("{id}/disable")
    public Uni<TriggerView> disable(@PathParam("id") UUID id) {
        return triggers.setEnabled(user.id(), id, false);
    }

    @GET
    @Path("{id}/state")
    public Uni<List<ObjectNode>> state(@PathParam("id") UUID id) {
        return triggers.state(user.id(), id);
    }

    @GET
    @Path("{id}/firings")
    public Uni<Page<ObjectNode>> firings(@PathParam("id") UUID id, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return triggers.firings(user.id(), id, limit, cursor);
    }

    /** Runs {@code {"event": ...}} through the trigger: per-node results and the state it would produce; saves nothing. */
    @POST
    @Path("{id}/test")
    public Uni<ObjectNode> test(@PathParam("id") UUID id, JsonNode body) {
        return triggers.dryRun(user.id(), id, body);
    }
}
