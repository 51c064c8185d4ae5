package dev.agora.agents.agent.repository;

import java.time.Instant;
import java.util.UUID;

/**
 * Filters and keyset position of {@code GET /api/agents}, already validated; null = no filter.
 * {@code q} is matched case-insensitively as a substring of name and description.
 */
public record AgentQuery(String status, String type, String category, String domain, String tag, String org, String q, boolean ownedOnly,
        Sort sort, Instant afterInstant, String afterName, UUID afterId, int limit) {

    /** The sorts of the list, each with its keyset: createdAt and updatedAt newest first, name A→Z; ties by id. */
    public enum Sort {
        CREATED_AT("createdAt"), UPDATED_AT("updatedAt"), NAME("name");

        public final String param;

        Sort(String param) {
            this.param = param;
        }

        public static Sort fromParam(String value) {
            for (Sort sort : values()) {
                if (sort.param.equals(value)) {
                    return sort;
                }
            }
            return null;
        }
    }
}
