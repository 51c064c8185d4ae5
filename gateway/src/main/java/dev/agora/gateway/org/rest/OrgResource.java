package dev.agora.gateway.org.rest;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.common.problem.ProblemException;
import dev.agora.gateway.org.model.AddMemberRequest;
import dev.agora.gateway.org.model.CreateOrgRequest;
import dev.agora.gateway.org.model.MemberView;
import dev.agora.gateway.org.model.OrgView;
import dev.agora.gateway.org.model.UpdateOrgRequest;
import dev.agora.gateway.org.service.OrgService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * Organizations and their members, served by the gateway itself (not proxied). Only members see an
 * organization (404 for anyone else); admin actions answer 403 to the other members.
 */
@Path("/api/orgs")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "organizations")
public class OrgResource {
    private final OrgService orgs;
    private final CurrentUser caller;

    public OrgResource(OrgService orgs, CurrentUser caller) {
        this.orgs = orgs;
        this.caller = caller;
    }

    @POST
    public Uni<Response> create(@Valid @NotNull CreateOrgRequest body) {
        return orgs.create(caller.id(), body)
                .map(org -> Response.created(URI.create("/api/orgs/" + org.slug())).entity(org).build());
    }

    @GET
    public Uni<Page<OrgView>> listMine(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return orgs.listMine(caller.id(), PageRequest.of(limit, cursor, 1));
    }

    @GET
    @Path("{slug}")
    public Uni<OrgView> get(@PathParam("slug") String slug) {
        return orgs.get(caller.id(), slug);
    }

    @PATCH
    @Path("{slug}")
    public Uni<OrgView> update(@PathParam("slug") String slug, @Valid @NotNull UpdateOrgRequest body) {
        return orgs.update(caller.id(), slug, body);
    }

    @GET
    @Path("{slug}/members")
    public Uni<Page<MemberView>> members(@PathParam("slug") String slug, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return orgs.members(caller.id(), slug, PageRequest.of(limit, cursor, 2));
    }

    @POST
    @Path("{slug}/members")
    public Uni<Response> addMember(@PathParam("slug") String slug, @Valid @NotNull AddMemberRequest body) {
        return orgs.addMember(caller.id(), slug, body)
                .map(member -> Response.created(URI.create("/api/orgs/" + slug + "/members/" + member.userId()))
                        .entity(member).build());
    }

    @GET
    @Path("{slug}/members/{userId}")
    public Uni<MemberView> member(@PathParam("slug") String slug, @PathParam("userId") String userId) {
        return orgs.member(caller.id(), slug, userId(userId));
    }

    @PATCH
    @Path("{slug}/members/{userId}")
    public Uni<MemberView> changeRole(@PathParam("slug") String slug, @PathParam("userId") String userId,
            @Valid @NotNull ChangeRoleRequest body) {
        return orgs.changeRole(caller.id(), slug, userId(userId), body.role());
    }

    @DELETE
    @Path("{slug}/members/{userId}")
    public Uni<Response> removeMember(@PathParam("slug") String slug, @PathParam("userId") String userId) {
        return orgs.removeMember(caller.id(), slug, userId(userId)).map(ignored -> Response.noContent().build());
    }

    /** A path id that is not a UUID names no member: 404, like any unknown one. */
    private static UUID userId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("member " + value);
        }
    }
}
