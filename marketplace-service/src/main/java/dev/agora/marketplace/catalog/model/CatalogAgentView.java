package dev.agora.marketplace.catalog.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An agent card of the public catalog (agents + pricing + stats): the
 * published content with the live availability and verification. Never the owner's id.
 */
@RegisterForReflection
public record CatalogAgentView(
        UUID id,
        String slug,
        String name,
        String tagline,
        String description,
        String subdomain,
        String repoOwner,
        String category,
        List<String> tags,
        String type,
        JsonNode domains,
        String avatarUrl,
        long priceMicroalgo,
        Pricing pricing,
        String availability,
        boolean verified,
        BigDecimal rating,
        int reviewCount,
        int hireCount,
        int followerCount,
        String publishedVersion,
        Instant publishedAt,
        Instant createdAt,
        Instant updatedAt) {

    @RegisterForReflection
    public record Pricing(long amount, String asset, Long hourlyRate, Long subscriptionMonthly) {
    }
}
