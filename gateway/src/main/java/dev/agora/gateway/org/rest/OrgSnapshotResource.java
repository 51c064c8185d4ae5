package dev.agora.gateway.org.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.auth.CurrentUser;
import dev.agora.gateway.org.service.OrgSnapshots;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Reconciliation of the other services' membership projections, for platform admins. */
@Path("/api/admin/organizations/snapshots")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class OrgSnapshotResource {
    private final OrgSnapshots snapshots;
    private final CurrentUser user;

    public OrgSnapshotResource(OrgSnapshots snapshots, CurrentUser user) {
        this.snapshots = snapshots;
        this.user = user;
    }

    @POST
    @Operation(summary = "Send every organization's member list so that projections compare and repair their copies"
            + " (platform admins)", description = "Publishes agora.org.members-snapshot.v1 for every organization."
            + " trigger-service compares each with its org_members rows, repairs what differs and lists it at"
            + " /api/triggers/admin/projections/repairs. Safe to repeat.")
    public Uni<OrgSnapshots.Sent> send() {
        user.requirePlatformAdmin("only platform admins send organization snapshots");
        return snapshots.sendAll();
    }
}
