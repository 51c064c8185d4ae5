package dev.agora.marketplace.follow.rest;

import java.util.UUID;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.marketplace.follow.model.FollowView;
import dev.agora.marketplace.follow.model.FollowedAgentView;
import dev.agora.marketplace.follow.service.FollowService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The agents I follow. PUT and DELETE are idempotent. */
@Path("/api/marketplace/follows")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "follows")
public class FollowResource {
    private final FollowService follows;
    private final CurrentUser user;

    public FollowResource(FollowService follows, CurrentUser user) {
        this.follows = follows;
        this.user = user;
    }

    @GET
    @Operation(summary = "The listed agents I follow, newest follow first")
    public Uni<Page<FollowedAgentView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return follows.listFollowed(user.id(), PageRequest.of(limit, cursor, FollowService.CURSOR_PARTS));
    }

    @PUT
    @Path("{agentId}")
    @Operation(summary = "Follow a listed agent (again: no change)")
    public Uni<FollowView> follow(@PathParam("agentId") UUID agentId) {
        return follows.follow(user.id(), agentId);
    }

    @DELETE
    @Path("{agentId}")
    @Operation(summary = "Unfollow an agent (not following: no change)")
    public Uni<FollowView> unfollow(@PathParam("agentId") UUID agentId) {
        return follows.unfollow(user.id(), agentId);
    }
}
