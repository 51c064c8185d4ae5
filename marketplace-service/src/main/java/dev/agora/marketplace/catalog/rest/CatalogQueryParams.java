package dev.agora.marketplace.catalog.rest;

import jakarta.ws.rs.QueryParam;

import dev.agora.marketplace.catalog.service.CatalogService;

/** The catalog's query parameters, all as text so that a bad value answers 400 naming it (not 404). */
public class CatalogQueryParams {
    @QueryParam("q")
    public String q;
    @QueryParam("category")
    public String category;
    @QueryParam("domain")
    public String domain;
    @QueryParam("tag")
    public String tag;
    @QueryParam("tags")
    public String tags;
    @QueryParam("tagMatch")
    public String tagMatch;
    @QueryParam("type")
    public String type;
    @QueryParam("minPrice")
    public String minPrice;
    @QueryParam("maxPrice")
    public String maxPrice;
    @QueryParam("minRating")
    public String minRating;
    @QueryParam("verified")
    public String verified;
    @QueryParam("availability")
    public String availability;
    @QueryParam("sort")
    public String sort;
    @QueryParam("facets")
    public String facets;
    @QueryParam("limit")
    public String limit;
    @QueryParam("cursor")
    public String cursor;

    CatalogService.ListParams toListParams() {
        return new CatalogService.ListParams(q, category, domain, tag, tags, tagMatch, type, minPrice, maxPrice,
                minRating, verified, availability, sort, facets, limit, cursor);
    }
}
