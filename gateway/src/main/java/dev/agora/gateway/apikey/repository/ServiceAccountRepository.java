package dev.agora.gateway.apikey.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class ServiceAccountRepository implements PanacheRepositoryBase<ServiceAccount, UUID> {

    public Uni<List<ServiceAccount>> listByName() {
        return list("order by name");
    }

    public Uni<Boolean> nameTaken(String name) {
        return count("name", name).map(n -> n > 0);
    }
}
