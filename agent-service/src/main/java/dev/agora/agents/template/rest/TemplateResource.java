package dev.agora.agents.template.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.agents.template.model.TemplateRequest;
import dev.agora.agents.template.service.TemplateService;
import dev.agora.agents.template.service.TemplateService.TemplateView;
import dev.agora.common.auth.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Agent templates; {@code POST /api/agents/from-template/{id}} creates an agent from one. */
@Path("/api/agents/templates")
@Cancellable(false)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "agent templates")
public class TemplateResource {
    private final TemplateService templates;
    private final CurrentUser user;

    public TemplateResource(TemplateService templates, CurrentUser user) {
        this.templates = templates;
        this.user = user;
    }

    @POST
    public Uni<Response> create(@Valid @NotNull TemplateRequest body) {
        return templates.create(user.id(), body)
                .map(t -> Response.created(URI.create("/api/agents/templates/" + t.id())).entity(t).build());
    }

    /** Public templates and mine ({@code owner=me}: mine only), newest first, optionally of one {@code type}. */
    @GET
    public Uni<List<TemplateView>> list(@QueryParam("type") String type, @QueryParam("owner") String owner) {
        return templates.list(user.id(), type, owner);
    }

    @GET
    @Path("{id}")
    public Uni<TemplateView> get(@PathParam("id") UUID id) {
        return templates.get(user.id(), id);
    }

    @PUT
    @Path("{id}")
    public Uni<TemplateView> replace(@PathParam("id") UUID id, @Valid @NotNull TemplateRequest body) {
        return templates.replace(user.id(), id, body);
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return templates.delete(user.id(), id).map(ignored -> Response.noContent().build());
    }
}
