package dev.agora.agents.agent.events;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agora.agents.agent.repository.Agent;
import dev.agora.agents.agent.service.AgentRules;
import dev.agora.common.auth.OrgRoles;
import dev.agora.common.events.Audience;
import dev.agora.common.events.Topics;
import dev.agora.common.outbox.OutboxWriter;
import io.smallrye.mutiny.Uni;

/**
 * Writes the {@code agents.v1} events to the outbox, inside the caller's transaction, each with the agent's
 * current snapshot (taken after the flush, so its version is the stored one) and its {@code published} snapshot.
 * <p>
 * Audiences follow who may read the agent: its owner and the members of its organizations (every role);
 * {@code token-rotated} only its owner and the organizations' managers. {@code published} is public and carries
 * only the public fields of both snapshots ({@link AgentPublicView}).
 */
@ApplicationScoped
public class AgentEventLog {
    private final OutboxWriter outbox;
    private final ObjectMapper mapper;

    public AgentEventLog(OutboxWriter outbox, ObjectMapper mapper) {
        this.outbox = outbox;
        this.mapper = mapper;
    }

    /** The frozen snapshot the catalog shows: the latest published version, none when never published or archived. */
    public static JsonNode published(Agent agent) {
        return AgentRules.PUBLISHED.equals(agent.publicationStatus) ? agent.publishedSnapshot : null;
    }

    public Uni<AgentSnapshot> registered(Agent agent) {
        return append(AgentEvents.REGISTERED, agent,
                snapshot -> new AgentEvents.Registered(agent.id, agent.ownerId, snapshot, published(agent)));
    }

    public Uni<AgentSnapshot> updated(Agent agent, List<String> changedFields) {
        return append(AgentEvents.UPDATED, agent,
                snapshot -> new AgentEvents.Updated(agent.id, agent.ownerId, changedFields, snapshot, published(agent)));
    }

    public Uni<AgentSnapshot> statusChanged(Agent agent, String oldStatus) {
        return append(AgentEvents.STATUS_CHANGED, agent, snapshot -> new AgentEvents.StatusChanged(agent.id,
                agent.ownerId, agent.name, oldStatus, agent.status, snapshot, published(agent)));
    }

    public Uni<AgentSnapshot> publishedVersion(Agent agent, String changes) {
        AgentSnapshot snapshot = AgentSnapshot.of(agent);
        return outbox.append(Topics.AGENTS, AgentEvents.PUBLISHED, agent.id, new AgentEvents.Published(agent.id,
                agent.publishedVersion, changes, AgentPublicView.of(mapper.valueToTree(snapshot)),
                AgentPublicView.of(published(agent))), Audience.everyone()).replaceWith(snapshot);
    }

    public Uni<AgentSnapshot> archived(Agent agent) {
        return append(AgentEvents.ARCHIVED, agent, snapshot -> new AgentEvents.Archived(agent.id, agent.ownerId,
                agent.publishedVersion, snapshot, published(agent)));
    }

    public Uni<AgentSnapshot> deleted(Agent agent) {
        return append(AgentEvents.DELETED, agent,
                snapshot -> new AgentEvents.Deleted(agent.id, agent.ownerId, snapshot, published(agent)));
    }

    public Uni<AgentSnapshot> tokenRotated(Agent agent) {
        return append(AgentEvents.TOKEN_ROTATED, agent, OrgRoles.MANAGERS, snapshot -> new AgentEvents.TokenRotated(
                agent.id, agent.ownerId, agent.tokenHash, snapshot, published(agent)));
    }

    public Uni<AgentSnapshot> verified(Agent agent) {
        return append(AgentEvents.VERIFIED, agent, snapshot -> new AgentEvents.Verified(agent.id, agent.ownerId,
                agent.verified, snapshot, published(agent)));
    }

    /** Carries the token's hash: seen by the owner and the organizations' managers only. */
    public Uni<AgentSnapshot> snapshot(Agent agent) {
        return append(AgentEvents.SNAPSHOT, agent, OrgRoles.MANAGERS, snapshot -> new AgentEvents.Snapshot(agent.id,
                agent.ownerId, agent.tokenHash, snapshot, published(agent)));
    }

    private Uni<AgentSnapshot> append(String type, Agent agent, Function<AgentSnapshot, Object> payload) {
        return append(type, agent, OrgRoles.READERS, payload);
    }

    private Uni<AgentSnapshot> append(String type, Agent agent, Set<String> orgRoles,
            Function<AgentSnapshot, Object> payload) {
        AgentSnapshot snapshot = AgentSnapshot.of(agent);
        Audience audience = Audience.users(agent.ownerId).plusOrgs(
                agent.organizationSlugs == null ? List.of() : List.of(agent.organizationSlugs), orgRoles);
        return outbox.append(Topics.AGENTS, type, agent.id, payload.apply(snapshot), audience).replaceWith(snapshot);
    }
}
