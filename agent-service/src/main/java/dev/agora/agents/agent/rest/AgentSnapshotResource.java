package dev.agora.agents.agent.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.agents.agent.service.AgentSnapshots;
import dev.agora.common.auth.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Reconciliation of the other services' agent projections, for platform admins. */
@Path("/api/agents/admin/snapshots")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AgentSnapshotResource {
    private final AgentSnapshots snapshots;
    private final CurrentUser user;

    public AgentSnapshotResource(AgentSnapshots snapshots, CurrentUser user) {
        this.snapshots = snapshots;
        this.user = user;
    }

    @POST
    @Operation(summary = "Send every agent's current state so that projections compare and repair their copies"
            + " (platform admins)", description = "Publishes agora.agent.snapshot.v1 for every agent, deleted ones"
            + " included. The catalog and the agent references of deployment-service and trigger-service compare each"
            + " with their row, repair what differs and list it at their admin/projections/repairs. Safe to repeat.")
    public Uni<AgentSnapshots.Sent> send() {
        user.requirePlatformAdmin("only platform admins send agent snapshots");
        return snapshots.sendAll();
    }
}
