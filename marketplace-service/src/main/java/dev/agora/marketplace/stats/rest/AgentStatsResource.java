package dev.agora.marketplace.stats.rest;

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

import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.catalog.repository.CatalogSearchRepository;
import dev.agora.marketplace.stats.model.AgentStatsView;
import dev.agora.marketplace.stats.repository.StatsQueries;
import io.smallrye.mutiny.Uni;

/** A listed agent's stats, public like its profile. */
@Path("/api/marketplace/stats/agents/{agentId}")
@Cancellable(false)
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "stats")
public class AgentStatsResource {
    private final StatsQueries stats;
    private final CatalogSearchRepository catalog;

    public AgentStatsResource(StatsQueries stats, CatalogSearchRepository catalog) {
        this.stats = stats;
        this.catalog = catalog;
    }

    @GET
    @Operation(summary = "A listed agent's stats (tasks, response time, earnings, ratings, hires, followers,"
            + " deployments, executions, last activity)")
    public Uni<AgentStatsView> get(@PathParam("agentId") UUID agentId) {
        return catalog.findListed(agentId, null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("agent " + agentId))
                .chain(agent -> stats.of(agentId));
    }
}
