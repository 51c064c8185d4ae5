package dev.agora.deployments.runtime.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class ThoughtRepository implements PanacheRepositoryBase<Thought, UUID> {

    public Uni<List<Thought>> ofExecution(UUID executionId) {
        return list("executionId = ?1 order by createdAt, id", executionId);
    }
}
