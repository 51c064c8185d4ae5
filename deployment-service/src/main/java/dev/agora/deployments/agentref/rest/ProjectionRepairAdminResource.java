package dev.agora.deployments.agentref.rest;

import java.util.Set;

import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.reconciliation.ProjectionRepairs;
import dev.agora.common.reconciliation.ProjectionRepairsResource;
import dev.agora.deployments.agentref.service.AgentRefProjection;

/** The agent references deployment-service repaired from agent snapshots, for platform admins. */
@Path("/api/deployments/admin/projections")
@Cancellable(false)
@Tag(name = "admin")
public class ProjectionRepairAdminResource extends ProjectionRepairsResource {

    public ProjectionRepairAdminResource(ProjectionRepairs repairs, CurrentUser user) {
        super(repairs, user, Set.of(AgentRefProjection.PROJECTION));
    }
}
