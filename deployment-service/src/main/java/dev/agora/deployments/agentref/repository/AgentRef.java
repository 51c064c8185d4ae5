package dev.agora.deployments.agentref.repository;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/** An agent as deployment-service keeps it: the fields it needs from the newest snapshot seen on {@code agents.v1}. */
public record AgentRef(
        UUID agentId,
        UUID ownerId,
        List<String> orgSlugs,
        String subdomain,
        String repoOwner,
        String repoName,
        String status,
        JsonNode deploymentConfig,
        long version) {

    public static final String DELETED = "deleted";

    public AgentRef asDeleted() {
        return new AgentRef(agentId, ownerId, orgSlugs, subdomain, repoOwner, repoName, DELETED, deploymentConfig, version);
    }
}
