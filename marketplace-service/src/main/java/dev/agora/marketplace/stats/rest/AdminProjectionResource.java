package dev.agora.marketplace.stats.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.stats.service.ProjectionRebuild;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Platform administration of this service's projections (JWT group {@code admin}). */
@Path("/api/marketplace/admin/projections")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminProjectionResource {
    private final ProjectionRebuild rebuild;
    private final CurrentUser user;

    public AdminProjectionResource(ProjectionRebuild rebuild, CurrentUser user) {
        this.rebuild = rebuild;
        this.user = user;
    }

    @POST
    @Path("rebuild")
    @Operation(summary = "Recompute agent stats and leaderboards from the stored facts (platform admins)")
    public Uni<RebuildView> rebuild() {
        user.id();
        if (!user.isPlatformAdmin()) {
            throw ProblemException.forbidden("only platform admins rebuild projections");
        }
        return rebuild.rebuild();
    }
}
