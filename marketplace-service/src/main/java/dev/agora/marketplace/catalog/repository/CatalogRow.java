package dev.agora.marketplace.catalog.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Row;

/** One catalog row as the public reads select it ({@link CatalogSql#CARD_COLUMNS}). */
public record CatalogRow(
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
        String domainsJson,
        String skillsJson,
        String avatarUrl,
        String coverImageUrl,
        long priceMicroalgo,
        long priceAmount,
        String priceAsset,
        Long hourlyRate,
        Long subscriptionMonthly,
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

    public static CatalogRow of(Row row) {
        String[] tags = row.getArrayOfStrings("tags");
        return new CatalogRow(row.getUUID("agent_id"), row.getString("slug"), row.getString("name"),
                row.getString("tagline"), row.getString("description"), row.getString("subdomain"),
                row.getString("repo_owner"), row.getString("category"), tags == null ? List.of() : List.of(tags),
                row.getString("agent_type"), json(row, "domains"), json(row, "skills"), row.getString("avatar_url"),
                row.getString("cover_image_url"), row.getLong("price_microalgo"), row.getLong("price_amount"),
                row.getString("price_asset"), row.getLong("hourly_rate"), row.getLong("subscription_monthly"),
                row.getString("availability"), row.getBoolean("verified"), row.getBigDecimal("rating"),
                row.getInteger("review_count"), row.getInteger("hire_count"), row.getInteger("follower_count"),
                row.getString("published_version"), instant(row.getOffsetDateTime("published_at")),
                instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("updated_at")));
    }

    private static String json(Row row, String column) {
        Object value = row.getValue(column);
        if (value == null) {
            return "[]";
        }
        return value instanceof JsonArray array ? array.encode() : value.toString();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
