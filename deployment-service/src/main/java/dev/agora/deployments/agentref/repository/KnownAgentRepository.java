package dev.agora.deployments.agentref.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class KnownAgentRepository implements PanacheRepositoryBase<KnownAgent, UUID> {

    /** The agent, unless unknown or deleted (null). */
    public Uni<KnownAgent> findLive(UUID id) {
        return find("id = ?1 and status <> 'deleted'", id).firstResult();
    }

    /** The live agent whose runtime token hashes to {@code tokenHash}, or null (unknown, rotated or deleted). */
    public Uni<KnownAgent> findByTokenHash(String tokenHash) {
        return find("tokenHash = ?1 and status <> 'deleted'", tokenHash).firstResult();
    }
}
