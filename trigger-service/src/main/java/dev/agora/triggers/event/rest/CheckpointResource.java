package dev.agora.triggers.event.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.common.problem.ProblemException;
import dev.agora.triggers.event.repository.Checkpoint;
import dev.agora.triggers.event.service.CheckpointService;
import io.smallrye.mutiny.Uni;

@Path("/api/triggers/checkpoints/{chainId}")
@Cancellable(false)
@RolesAllowed(ChainEventResource.INGESTOR)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "chain events")
public class CheckpointResource {
    private final CheckpointService checkpoints;

    public CheckpointResource(CheckpointService checkpoints) {
        this.checkpoints = checkpoints;
    }

    @GET
    public Uni<Checkpoint> get(@PathParam("chainId") String chainId) {
        return checkpoints.get(parse(chainId));
    }

    /** {@code {"lastBlockNumber": 123, "lastBlockHash": "0x…"}} */
    @PUT
    public Uni<Checkpoint> put(@PathParam("chainId") String chainId, JsonNode body) {
        return checkpoints.put(parse(chainId), body);
    }

    private static long parse(String chainId) {
        try {
            return Long.parseLong(chainId);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("chainId", "must be a whole number >= 1");
        }
    }
}
