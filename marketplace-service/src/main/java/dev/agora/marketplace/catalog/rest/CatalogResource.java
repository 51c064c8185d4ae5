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
import dev.agora.common.problem.ProblemException;
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
        return catalog.listActive(category, tag, PageRequest.of(parseLimit(limit), cursor, CatalogService.CURSOR_PARTS));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One active agent")
    public Uni<CatalogAgentView> get(@PathParam("id") UUID id) {
        return catalog.getActive(id);
    }

    // A String so that a non-number answers 400 naming the field (a failed Integer conversion would be a 404).
    private static Integer parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(limit.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("limit", "must be a whole number between 1 and " + PageRequest.MAX_LIMIT);
        }
    }
}
