package dev.agora.triggers.agentref.repository;

import java.util.List;
import java.util.UUID;

/**
 * An agent as trigger-service keeps it: who may see it (its owner and its organizations' members) and what
 * it is called, from the newest snapshot seen on {@code agents.v1}.
 */
public record AgentRef(UUID agentId, UUID ownerId, List<String> orgSlugs, String name, String status, long version) {

    public static final String DELETED = "deleted";

    public AgentRef asDeleted() {
        return new AgentRef(agentId, ownerId, orgSlugs, name, DELETED, version);
    }
}
