package dev.agora.marketplace.catalog.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class CatalogAgentRepository implements PanacheRepositoryBase<CatalogAgent, UUID> {
    public static final String ACTIVE = "active";

    public Uni<CatalogAgent> findActive(UUID id) {
        return find("id = ?1 and status = ?2", id, ACTIVE).firstResult();
    }

    /**
     * Active agents, newest first, keyset-paginated on (created_at, agent_id); fetches {@code limit + 1} to tell
     * whether there is more. Native SQL so the tag filter is an array containment the GIN index serves.
     */
    public Uni<List<CatalogAgent>> listActive(String category, String tag, Instant afterCreatedAt, UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder("select * from catalog_agents where status = :status");
        if (category != null) {
            sql.append(" and category = :category");
        }
        if (tag != null) {
            sql.append(" and tags @> array[cast(:tag as text)]");
        }
        if (afterCreatedAt != null) {
            sql.append(" and (created_at, agent_id) < (:afterCreatedAt, :afterId)");
        }
        sql.append(" order by created_at desc, agent_id desc");
        return getSession().chain(session -> {
            Mutiny.SelectionQuery<CatalogAgent> query = session.createNativeQuery(sql.toString(), CatalogAgent.class)
                    .setParameter("status", ACTIVE);
            if (category != null) {
                query.setParameter("category", category);
            }
            if (tag != null) {
                query.setParameter("tag", tag);
            }
            if (afterCreatedAt != null) {
                query.setParameter("afterCreatedAt", afterCreatedAt).setParameter("afterId", afterId);
            }
            return query.setMaxResults(limit).getResultList();
        });
    }
}
