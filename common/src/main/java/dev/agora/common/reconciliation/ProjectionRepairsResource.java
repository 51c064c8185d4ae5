package dev.agora.common.reconciliation;

import java.util.List;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * {@code /api/<service>/admin/projections/repairs}, the same for every service that repairs projections from its
 * sources' snapshots: platform admins only (401 without a token, 403 for anyone else). A subclass gives the path
 * ({@code /api/<service>/admin/projections}) and the projections it keeps.
 */
@Authenticated
public abstract class ProjectionRepairsResource {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final ProjectionRepairs repairs;
    private final CurrentUser user;
    private final Set<String> projections;

    protected ProjectionRepairsResource(ProjectionRepairs repairs, CurrentUser user, Set<String> projections) {
        this.repairs = repairs;
        this.user = user;
        this.projections = Set.copyOf(projections);
    }

    @GET
    @Path("repairs")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The projection rows this service repaired from a source's snapshot (platform admins)",
            description = "Newest first (?limit=, 1 to 1000, default 100), of one projection (?projection=) or all:"
                    + " the row's key, the fields that differed (missing: the row did not exist) and the snapshot"
                    + " event that repaired it. An empty list after a snapshot run means every copy was right.")
    public Uni<List<ProjectionRepair>> list(@QueryParam("projection") String projection,
            @QueryParam("limit") String limit) {
        user.requirePlatformAdmin("only platform admins read projection repairs");
        if (projection != null && !projections.contains(projection)) {
            throw ProblemException.badRequest("projection", "must be one of " + projections.stream().sorted().toList());
        }
        return repairs.recent(projection, PageRequest.limit(limit, DEFAULT_LIMIT, MAX_LIMIT));
    }
}
