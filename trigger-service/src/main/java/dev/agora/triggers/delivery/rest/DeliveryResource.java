package dev.agora.triggers.delivery.rest;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.paging.Page;
import dev.agora.triggers.delivery.service.DeliveryService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Delivery of the caller's triggers' actions; anyone else's trigger answers 404. */
@Path("/api/triggers")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "trigger delivery")
public class DeliveryResource {
    private final DeliveryService delivery;
    private final CurrentUser user;

    public DeliveryResource(DeliveryService delivery, CurrentUser user) {
        this.delivery = delivery;
        this.user = user;
    }

    @GET
    @Path("metrics")
    public Uni<List<ObjectNode>> metrics(@QueryParam("from") String from, @QueryParam("to") String to) {
        return delivery.metrics(user.id(), from, to);
    }

    @GET
    @Path("{id}/results")
    public Uni<Page<ObjectNode>> results(@PathParam("id") UUID id, @QueryParam("status") String status,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return delivery.results(user.id(), id, status, limit, cursor);
    }

    @GET
    @Path("{id}/dead-letters")
    public Uni<Page<ObjectNode>> deadLetters(@PathParam("id") UUID id, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return delivery.deadLetters(user.id(), id, limit, cursor);
    }

    @POST
    @Path("{id}/dead-letters/{jobId}/replay")
    public Uni<ObjectNode> replay(@PathParam("id") UUID id, @PathParam("jobId") UUID jobId) {
        return delivery.replay(user.id(), id, jobId);
    }

    @POST
    @Path("{id}/dead-letters/replay-all")
    public Uni<ObjectNode> replayAll(@PathParam("id") UUID id) {
        return delivery.replayAll(user.id(), id);
    }

    @POST
    @Path("{id}/signing-secret/rotate")
    public Uni<ObjectNode> rotateSigningSecret(@PathParam("id") UUID id) {
        return delivery.rotateSigningSecret(user.id(), id);
    }

    @GET
    @Path("{id}/circuit-breaker")
    public Uni<ObjectNode> circuitBreaker(@PathParam("id") UUID id) {
        return delivery.circuitBreaker(user.id(), id);
    }

    @PATCH
    @Path("{id}/circuit-breaker")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ObjectNode> configureCircuitBreaker(@PathParam("id") UUID id, JsonNode body) {
        return delivery.configureCircuitBreaker(user.id(), id, body);
    }

    @POST
    @Path("{id}/circuit-breaker/reset")
    public Uni<ObjectNode> resetCircuitBreaker(@PathParam("id") UUID id) {
        return delivery.resetCircuitBreaker(user.id(), id);
    }
}
