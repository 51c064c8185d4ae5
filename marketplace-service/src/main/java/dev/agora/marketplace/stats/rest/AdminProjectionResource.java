package dev.agora.marketplace.stats.rest;

import java.util.Set;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.reconciliation.ProjectionRepairs;
import dev.agora.common.reconciliation.ProjectionRepairsResource;
import dev.agora.common.reconciliation.ReconciliationReport;
import dev.agora.marketplace.catalog.service.CatalogProjector;
import dev.agora.marketplace.stats.model.RebuildView;
import dev.agora.marketplace.stats.service.ProjectionCheck;
import dev.agora.marketplace.stats.service.ProjectionRebuild;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * Platform administration of this service's projections (JWT group {@code admin}): the check and the rebuild of those
 * derived from stored facts, and the catalog rows repaired from agent snapshots.
 */
@Path("/api/marketplace/admin/projections")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminProjectionResource extends ProjectionRepairsResource {
    private final ProjectionRebuild rebuild;
    private final ProjectionCheck check;
    private final CurrentUser user;

    public AdminProjectionResource(ProjectionRebuild rebuild, ProjectionCheck check, CurrentUser user,
            ProjectionRepairs repairs) {
        super(repairs, user, Set.of(CatalogProjector.PROJECTION));
        this.rebuild = rebuild;
        this.check = check;
        this.user = user;
    }

    @POST
    @Path("check")
    @Operation(summary = "Compare agent stats, activity buckets and leaderboards with their recomputation from the"
            + " stored facts (platform admins)", description = "Changes nothing. Per projection: rows compared, rows"
            + " that differ and the keys of the first 100 (an agent id; agent@hour for a bucket; period:board:agent"
            + " for a board entry). Boards with a recompute pending are left out. The rebuild repairs differences.")
    public Uni<ReconciliationReport> check() {
        user.requirePlatformAdmin("only platform admins check projections");
        return check.check();
    }

    @POST
    @Path("rebuild")
    @Operation(summary = "Recompute agent stats and leaderboards from the stored facts (platform admins)")
    public Uni<RebuildView> rebuild() {
        user.requirePlatformAdmin("only platform admins rebuild projections");
        return rebuild.rebuild();
    }
}
