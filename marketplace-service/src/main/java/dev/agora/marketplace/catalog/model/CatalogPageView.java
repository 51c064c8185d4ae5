package dev.agora.marketplace.catalog.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A page of the catalog; {@code facets} only when asked for ({@code facets=true}). */
@RegisterForReflection
public record CatalogPageView(
        List<CatalogAgentView> items,
        String nextCursor,
        @JsonInclude(JsonInclude.Include.NON_NULL) Facets facets) {

    /** Counts of the agents matching the current filter, per category and per domain slug. */
    @RegisterForReflection
    public record Facets(Map<String, Long> categories, Map<String, Long> domains) {
    }
}
