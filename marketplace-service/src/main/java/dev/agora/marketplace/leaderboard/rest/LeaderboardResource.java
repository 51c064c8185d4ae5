package dev.agora.marketplace.leaderboard.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.marketplace.leaderboard.model.LeaderboardFormula;
import dev.agora.marketplace.leaderboard.model.LeaderboardPageView;
import dev.agora.marketplace.leaderboard.service.LeaderboardReads;
import io.smallrye.mutiny.Uni;

/** The public leaderboards, precomputed: a read is one index range scan. */
@Path("/api/marketplace/leaderboards")
@Cancellable(false)
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "leaderboards")
public class LeaderboardResource {
    private final LeaderboardReads reads;

    public LeaderboardResource(LeaderboardReads reads) {
        this.reads = reads;
    }

    @GET
    @Operation(summary = "A leaderboard in rank order", description = "domain (slug; absent: the global board),"
            + " period daily|weekly|monthly|all_time (default all_time), keyset paging (limit 1..200, cursor)."
            + " " + LeaderboardFormula.DESCRIPTION + "; ties share a rank and the next rank skips.")
    public Uni<LeaderboardPageView> board(@QueryParam("domain") String domain, @QueryParam("period") String period,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return reads.page(domain, period, limit, cursor);
    }
}
