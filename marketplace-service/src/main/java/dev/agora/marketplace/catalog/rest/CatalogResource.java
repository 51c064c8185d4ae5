package dev.agora.marketplace.catalog.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.common.paging.PageRequest;
import dev.agora.marketplace.catalog.model.AgentProfileView;
import dev.agora.marketplace.catalog.model.CatalogPageView;
import dev.agora.marketplace.catalog.service.CatalogService;
import dev.agora.marketplace.review.model.AgentReviewsView;
import dev.agora.marketplace.review.service.ReviewService;
import io.smallrye.mutiny.Uni;

/** The public catalog: no token needed. */
@Path("/api/marketplace/agents")
@Cancellable(false)
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "catalog")
public class CatalogResource {
    private final CatalogService catalog;
    private final ReviewService reviews;

    public CatalogResource(CatalogService catalog, ReviewService reviews) {
        this.catalog = catalog;
        this.reviews = reviews;
    }

    @GET
    @Operation(summary = "Search the listed agents", description = "Full-text q (prefix and typo tolerant), filters"
            + " category, domain, tag/tags (+tagMatch any|all), type, minPrice/maxPrice, minRating, verified,"
            + " availability; sort relevance (default with q), newest (default), rating, popularity, price,"
            + " price_desc; keyset paging; facets=true adds counts per category and domain.")
    public Uni<CatalogPageView> list(@BeanParam CatalogQueryParams params) {
        return catalog.list(params.toListParams());
    }

    @GET
    @Path("{idOrSlug}")
    @Operation(summary = "A listed agent's profile, by id or slug")
    public Uni<AgentProfileView> get(@PathParam("idOrSlug") String idOrSlug) {
        return catalog.profile(idOrSlug);
    }

    @GET
    @Path("{idOrSlug}/reviews")
    @Operation(summary = "A listed agent's reviews", description = "sort newest (default), highest, lowest; keyset paging; with the rating breakdown.")
    public Uni<AgentReviewsView> reviews(@PathParam("idOrSlug") String idOrSlug, @QueryParam("sort") String sort,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return reviews.listForAgent(idOrSlug, sort, PageRequest.of(limit, cursor, ReviewService.CURSOR_PARTS));
    }
}
