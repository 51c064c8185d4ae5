package dev.agora.triggers.event.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.common.paging.Page;
import dev.agora.triggers.event.service.ChainEventService;
import dev.agora.triggers.event.service.IngestResult;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/triggers/events")
@Cancellable(false)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "chain events")
public class ChainEventResource {
    public static final String INGESTOR = "ingestor";

    private final ChainEventService events;

    public ChainEventResource(ChainEventService events) {
        this.events = events;
    }

    /** A batch of up to 1000 events from an indexer; invalid ones are reported by index unless all-or-nothing. */
    @POST
    @RolesAllowed(INGESTOR)
    public Uni<IngestResult> ingest(JsonNode body) {
        return events.ingest(events.read(body));
    }

    @GET
    @Authenticated
    public Uni<Page<ObjectNode>> list(@QueryParam("agentId") String agentId, @QueryParam("chainId") String chainId,
            @QueryParam("registry") String registry, @QueryParam("eventType") String eventType,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return events.list(agentId, chainId, registry, eventType, from, to, limit, cursor);
    }
}
