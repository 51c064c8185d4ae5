package dev.agora.marketplace.catalog.service;

import java.util.List;

/** The catalog's vocabulary. */
public final class CatalogRules {
    public static final List<String> CATEGORIES = List.of("Data Analysis", "Content Creation", "Development", "Finance",
            "Social Media", "Media", "Language", "Marketing", "General");
    public static final String DEFAULT_CATEGORY = "General";
    public static final long DEFAULT_PRICE_MICROALGO = 1_000_000L;
    public static final String DEFAULT_ASSET = "microALGO";
    public static final int MAX_TAG_LENGTH = 100;
    public static final String ACTIVE = "active";
    public static final String PUBLISHED = "published";
    public static final List<String> TYPES = List.of("context", "api", "external");
    public static final List<String> AVAILABILITIES = List.of("available", "busy", "offline");

    private CatalogRules() {
    }
}
