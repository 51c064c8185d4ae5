package dev.agora.agents.agent.rest;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.agora.agents.agent.events.AgentSnapshot;
import dev.agora.agents.agent.repository.AgentViewer;
import dev.agora.agents.agent.service.AgentService;
import dev.agora.common.auth.CurrentUser;
import dev.agora.common.paging.Page;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/agents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "agents")
public class AgentResource {
    private final AgentService agents;
    private final CurrentUser user;

    public AgentResource(AgentService agents, CurrentUser user) {
        this.agents = agents;
        this.user = user;
    }

    @POST
    public Uni<Response> create(@Valid @NotNull CreateAgentRequest body) {
        return agents.create(viewer(), body)
                .map(agent -> Response.created(URI.create("/api/agents/" + agent.id())).entity(agent).build());
    }

    /** What I may see (mine, my organizations' agents; platform admin: all), filtered, sorted, keyset-paginated. */
    @GET
    public Uni<Page<AgentSnapshot>> list(@QueryParam("status") String status, @QueryParam("category") String category,
            @QueryParam("tag") String tag, @QueryParam("org") String org, @QueryParam("q") String q,
            @QueryParam("owner") String owner, @QueryParam("sort") String sort, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return agents.list(viewer(), new AgentService.ListParams(status, category, tag, org, q, owner, sort, limit, cursor));
    }

    @GET
    @Path("{id}")
    public Uni<AgentSnapshot> get(@PathParam("id") UUID id) {
        return agents.get(viewer(), id);
    }

    @PATCH
    @Path("{id}")
    public Uni<AgentSnapshot> update(@PathParam("id") UUID id, @Valid @NotNull UpdateAgentRequest body) {
        return agents.update(viewer(), id, body);
    }

    @PUT
    @Path("{id}/status")
    public Uni<AgentSnapshot> changeStatus(@PathParam("id") UUID id, @Valid @NotNull ChangeStatusRequest body) {
        return agents.changeStatus(viewer(), id, body.status());
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return agents.delete(viewer(), id).map(ignored -> Response.noContent().build());
    }

    /** The caller and their rights over agents, from the verified JWT (subject, groups, orgs claim). */
    private AgentViewer viewer() {
        return AgentViewer.of(user.id(), user.isPlatformAdmin(), user.orgRoles());
    }
}
