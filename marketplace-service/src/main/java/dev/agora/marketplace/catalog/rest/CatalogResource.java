package dev.agora.marketplace.catalog.rest;

import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.agora.common.paging.Page;
import dev.agora.common.paging.PageRequest;
import dev.agora.marketplace.catalog.service.CatalogService;
import io.smallrye.mutiny.Uni;

/** The public catalog: no token needed. */
@Path("/api/marketplace/agents")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "catalog")
public class CatalogResource {
    private final CatalogService catalog;

    public CatalogResource(CatalogService catalog) {
        this.catalog = catalog;
    }

    @GET
    @Operation(summary = "Active agents, newest first", description = "Optional filters: category (seed 000 categories) and tag.")
    public Uni<Page<CatalogAgentView>> list(@QueryParam("category") String category, @QueryParam("tag") String tag,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return catalog.listActive(category, tag, PageRequest.of(limit, cursor, CatalogService.CURSOR_PARTS));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One active agent")
    public Uni<CatalogAgentView> get(@PathParam("id") UUID id) {
        return catalog.getActive(id);
    }
}
