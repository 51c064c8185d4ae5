package dev.agora.agents.domain.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class DomainRepository implements PanacheRepositoryBase<Domain, Integer> {

    public Uni<List<Domain>> all() {
        return listAll(Sort.by("id"));
    }
}
