package dev.agora.marketplace.catalog.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * The catalog's sorts. Each is a keyset on (key, agent_id) in one direction, served by a partial index on
 * {@code listed} (relevance excepted: its key is computed per query, only the match uses indexes).
 */
public enum CatalogSort {
    RELEVANCE("relevance", null, true),
    NEWEST("newest", "created_at", true),
    RATING("rating", "rating", true),
    POPULARITY("popularity", "hire_count", true),
    PRICE("price", "price_amount", false),
    PRICE_DESC("price_desc", "price_amount", true);

    public final String param;
    /** The column sorted on; null for relevance, whose key is the rank expression. */
    public final String column;
    public final boolean descending;

    CatalogSort(String param, String column, boolean descending) {
        this.param = param;
        this.column = column;
        this.descending = descending;
    }

    public static CatalogSort fromParam(String param) {
        return Arrays.stream(values()).filter(sort -> sort.param.equals(param)).findFirst().orElse(null);
    }

    /** The cursor's key as the SQL parameter bound against the sort key (cast in SQL); throws on a bad key. */
    public Object parseKey(String key) {
        return switch (this) {
            case NEWEST -> Instant.parse(key).atOffset(ZoneOffset.UTC);
            case RATING -> new BigDecimal(key);
            case POPULARITY -> Integer.valueOf(key);
            case PRICE, PRICE_DESC -> Long.valueOf(key);
            case RELEVANCE -> Float.parseFloat(key);
        };
    }

    /** How a bound key parameter is cast in SQL. */
    public String keyCast() {
        return switch (this) {
            case NEWEST -> "timestamptz";
            case RATING -> "numeric";
            case POPULARITY -> "integer";
            case PRICE, PRICE_DESC -> "bigint";
            case RELEVANCE -> "real";
        };
    }
}
