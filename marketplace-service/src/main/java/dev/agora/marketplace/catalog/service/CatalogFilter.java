package dev.agora.marketplace.catalog.service;

import java.math.BigDecimal;
import java.util.List;

/** The validated filters of the public catalog; null means "not filtered on". */
public record CatalogFilter(
        String text,
        String category,
        String domain,
        List<String> tags,
        boolean allTags,
        String type,
        Long minPrice,
        Long maxPrice,
        BigDecimal minRating,
        Boolean verified,
        String availability) {
}
