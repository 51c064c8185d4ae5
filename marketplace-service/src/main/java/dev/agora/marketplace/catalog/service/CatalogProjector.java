package dev.agora.marketplace.catalog.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.consumer.PoisonEventException;
import dev.agora.marketplace.catalog.events.AgentEvent;
import dev.agora.marketplace.catalog.repository.CatalogAgent;
import dev.agora.marketplace.catalog.repository.CatalogAgentRepository;
import io.smallrye.mutiny.Uni;

/**
 * Keeps {@code catalog_agents} equal to the newest agent snapshot seen. Runs inside the consumer's
 * transaction; a snapshot whose version is not higher than the stored one changes nothing.
 */
@ApplicationScoped
public class CatalogProjector {
    static final String DELETED = "deleted";

    private final CatalogAgentRepository agents;

    public CatalogProjector(CatalogAgentRepository agents) {
        this.agents = agents;
    }

    public Uni<Void> apply(String eventType, AgentEvent event) {
        AgentEvent.Snapshot snapshot = requireSnapshot(event);
        UUID id = snapshot.id() != null ? snapshot.id() : event.agentId();
        boolean deleted = AgentEvent.DELETED.equals(eventType);
        return agents.findById(id).chain(stored -> {
            if (stored == null) {
                CatalogAgent agent = new CatalogAgent();
                agent.id = id;
                copy(snapshot, event, agent);
                markIfDeleted(agent, deleted);
                return agents.persistAndFlush(agent).replaceWithVoid();
            }
            if (snapshot.version() > stored.agentVersion) {
                copy(snapshot, event, stored);
            }
            // Deletion is final whatever the order of snapshots: an agent is never undeleted.
            markIfDeleted(stored, deleted);
            return agents.flush().replaceWithVoid();
        });
    }

    private static void markIfDeleted(CatalogAgent agent, boolean deleted) {
        if (deleted) {
            agent.status = DELETED;
        }
    }

    private static void copy(AgentEvent.Snapshot snapshot, AgentEvent event, CatalogAgent agent) {
        agent.ownerId = snapshot.ownerId() != null ? snapshot.ownerId() : event.ownerId();
        agent.name = snapshot.name();
        agent.description = snapshot.description();
        agent.subdomain = snapshot.subdomain();
        agent.repoOwner = snapshot.repoOwner();
        agent.category = Objects.requireNonNullElse(snapshot.category(), CatalogRules.DEFAULT_CATEGORY);
        agent.tags = snapshot.tags() == null ? new String[0]
                : snapshot.tags().stream().filter(Objects::nonNull).toArray(String[]::new);
        agent.priceMicroalgo = Objects.requireNonNullElse(snapshot.priceMicroalgo(), CatalogRules.DEFAULT_PRICE_MICROALGO);
        agent.status = snapshot.status();
        agent.runtimeStatus = Objects.requireNonNullElse(snapshot.runtimeStatus(), "pending");
        agent.agentVersion = snapshot.version();
        agent.createdAt = micros(snapshot.createdAt());
        agent.updatedAt = micros(Objects.requireNonNullElse(snapshot.updatedAt(), snapshot.createdAt()));
    }

    /** What PostgreSQL keeps, so cursors built from these values match the stored rows. */
    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static AgentEvent.Snapshot requireSnapshot(AgentEvent event) {
        AgentEvent.Snapshot snapshot = event.agent();
        if (snapshot == null) {
            throw new PoisonEventException("agent event without an agent snapshot");
        }
        List<String> missing = new ArrayList<>();
        if (snapshot.id() == null && event.agentId() == null) {
            missing.add("agent.id");
        }
        if (snapshot.ownerId() == null && event.ownerId() == null) {
            missing.add("agent.ownerId");
        }
        if (snapshot.version() == null) {
            missing.add("agent.version");
        }
        if (snapshot.name() == null) {
            missing.add("agent.name");
        }
        if (snapshot.subdomain() == null) {
            missing.add("agent.subdomain");
        }
        if (snapshot.repoOwner() == null) {
            missing.add("agent.repoOwner");
        }
        if (snapshot.status() == null) {
            missing.add("agent.status");
        }
        if (snapshot.createdAt() == null) {
            missing.add("agent.createdAt");
        }
        if (!missing.isEmpty()) {
            throw new PoisonEventException("agent snapshot lacks " + String.join(", ", missing));
        }
        return snapshot;
    }
}
