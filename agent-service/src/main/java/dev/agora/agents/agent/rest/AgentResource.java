package dev.agora.agents.agent.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.agents.agent.events.AgentView;
import dev.agora.agents.agent.model.CreateAgentRequest;
import dev.agora.agents.agent.model.UpdateAgentRequest;
import dev.agora.agents.agent.repository.AgentViewer;
import dev.agora.agents.agent.service.AgentCards;
import dev.agora.agents.agent.service.AgentCredentials;
import dev.agora.agents.agent.service.AgentPublication;
import dev.agora.agents.agent.service.AgentService;
import dev.agora.agents.template.service.TemplateService;
import dev.agora.common.auth.CurrentUser;
import dev.agora.common.paging.Page;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/agents")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "agents")
public class AgentResource {
    private final AgentService agents;
    private final AgentPublication publication;
    private final AgentCredentials credentials;
    private final AgentCards cards;
    private final TemplateService templates;
    private final CurrentUser user;

    public AgentResource(AgentService agents, AgentPublication publication, AgentCredentials credentials,
            AgentCards cards, TemplateService templates, CurrentUser user) {
        this.agents = agents;
        this.publication = publication;
        this.credentials = credentials;
        this.cards = cards;
        this.templates = templates;
        this.user = user;
    }

    @POST
    public Uni<Response> create(@Valid @NotNull CreateAgentRequest body) {
        return agents.create(viewer(), body).map(AgentResource::created);
    }

    /** A draft agent prefilled from a template; the body's agent fields override the template's. */
    @POST
    @Path("from-template/{templateId}")
    public Uni<Response> createFromTemplate(@PathParam("templateId") UUID templateId, JsonNode body) {
        return templates.createAgent(viewer(), templateId, body).map(AgentResource::created);
    }

    /** What I may see (mine, my organizations' agents; platform admin: all), filtered, sorted, keyset-paginated. */
    @GET
    public Uni<Page<AgentView>> list(@QueryParam("status") String status, @QueryParam("type") String type,
            @QueryParam("category") String category, @QueryParam("domain") String domain, @QueryParam("tag") String tag,
            @QueryParam("org") String org, @QueryParam("q") String q, @QueryParam("owner") String owner,
            @QueryParam("sort") String sort, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return agents.list(viewer(), new AgentService.ListParams(status, type, category, domain, tag, org, q, owner, sort,
                limit, cursor));
    }

    @GET
    @Path("{id}")
    public Uni<AgentView> get(@PathParam("id") UUID id) {
        return agents.get(viewer(), id);
    }

    @PATCH
    @Path("{id}")
    public Uni<AgentView> update(@PathParam("id") UUID id, @Valid @NotNull UpdateAgentRequest body) {
        return agents.update(viewer(), id, body);
    }

    @PUT
    @Path("{id}/status")
    public Uni<AgentView> changeStatus(@PathParam("id") UUID id, @Valid @NotNull ChangeStatusRequest body) {
        return agents.changeStatus(viewer(), id, body.status());
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return agents.delete(viewer(), id).map(ignored -> Response.noContent().build());
    }

    /** Freezes the agent as it is into a new published version (body optional: {version, changes}). */
    @POST
    @Path("{id}/publish")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Publish a new version of the agent",
            description = "Needs a verified email address: otherwise 403 problem of type email-not-verified.")
    public Uni<AgentView> publish(@PathParam("id") UUID id, @Valid PublishRequest body) {
        user.requireVerifiedEmail();
        return publication.publish(viewer(), id, body == null ? null : body.version(), body == null ? null : body.changes());
    }

    @POST
    @Path("{id}/archive")
    @Consumes(MediaType.WILDCARD)
    public Uni<AgentView> archive(@PathParam("id") UUID id) {
        return publication.archive(viewer(), id);
    }

    @GET
    @Path("{id}/versions")
    public Uni<List<AgentPublication.PublishedVersion>> versions(@PathParam("id") UUID id) {
        return publication.versions(viewer(), id);
    }

    /** A new access token, shown only in this answer; the previous one stops being valid. */
    @POST
    @Path("{id}/token")
    @Consumes(MediaType.WILDCARD)
    public Uni<AgentCredentials.IssuedToken> rotateToken(@PathParam("id") UUID id) {
        return credentials.rotateToken(viewer(), id);
    }

    /** Platform admins only. */
    @PUT
    @Path("{id}/verified")
    public Uni<AgentView> setVerified(@PathParam("id") UUID id, @Valid @NotNull VerifyRequest body) {
        return credentials.setVerified(viewer(), id, body.verified());
    }

    /** The A2A AgentCard of a published agent, by slug; public. */
    @GET
    @Path("{slug}/card")
    @PermitAll
    public Uni<JsonNode> card(@PathParam("slug") String slug) {
        return cards.card(slug);
    }

    private static Response created(AgentView agent) {
        return Response.created(URI.create("/api/agents/" + agent.agent().id())).entity(agent).build();
    }

    /** The caller and their rights over agents, from the verified JWT (subject, groups, orgs claim). */
    private AgentViewer viewer() {
        return AgentViewer.of(user.id(), user.isPlatformAdmin(), user.orgRoles());
    }
}
