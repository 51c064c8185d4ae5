package dev.agora.marketplace.leaderboard.rest;

import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.marketplace.leaderboard.model.AgentRankingsView;
import dev.agora.marketplace.leaderboard.service.LeaderboardReads;
import io.smallrye.mutiny.Uni;

/** An agent's ranks, public like its profile. */
@Path("/api/marketplace/agents/{agentId}/rankings")
@Cancellable(false)
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "leaderboards")
public class AgentRankingsResource {
    private final LeaderboardReads reads;

    public AgentRankingsResource(LeaderboardReads reads) {
        this.reads = reads;
    }

    @GET
    @Operation(summary = "A listed agent's rank on every board it is on (global and its domains, every period)")
    public Uni<AgentRankingsView> rankings(@PathParam("agentId") UUID agentId) {
        return reads.rankings(agentId);
    }
}
