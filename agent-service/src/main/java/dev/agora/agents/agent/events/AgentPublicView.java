package dev.agora.agents.agent.events;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The fields of an agent snapshot anyone may see: what the public catalog and the agent's card show. Everything
 * else — the owner, its organizations and department, {@code metadata}, {@code deploymentConfig}, {@code dataInput} —
 * stays with the agent's owner and organizations. An allow-list, so a field added to the snapshot is private until it
 * is listed here.
 */
public final class AgentPublicView {
    static final Set<String> PUBLIC_FIELDS = Set.of("id", "name", "description", "subdomain", "repoOwner", "repoName",
            "githubUrl", "agentAddress", "appId", "priceMicroalgo", "status", "runtimeStatus", "category", "tags",
            "exampleInput", "exampleOutput", "version", "createdAt", "updatedAt", "slug", "tagline", "avatarUrl",
            "coverImageUrl", "type", "publicationStatus", "publishedVersion", "publishedAt", "availability", "verified",
            "domains", "skills", "pricing", "capabilities", "deploymentUrl", "onChain", "ioSchema");

    private AgentPublicView() {
    }

    /** A copy of {@code snapshot} with only its public fields; null stays null. */
    public static JsonNode of(JsonNode snapshot) {
        if (snapshot == null || !snapshot.isObject()) {
            return snapshot;
        }
        ObjectNode copy = ((ObjectNode) snapshot).deepCopy();
        copy.retain(PUBLIC_FIELDS);
        return copy;
    }
}
