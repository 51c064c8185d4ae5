package dev.agora.gateway.org.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class OrganizationRepository implements PanacheRepositoryBase<Organization, UUID> {

    public Uni<Organization> findBySlug(String slug) {
        return find("slug", slug).firstResult();
    }

    /** Locks the row: membership changes of one organization are applied one after the other. */
    public Uni<Organization> findBySlugForUpdate(String slug) {
        return find("slug", slug).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<Boolean> slugTaken(String slug) {
        return count("slug", slug).map(n -> n > 0);
    }

    /** The organizations a user belongs to, by slug, after {@code afterSlug} (null: from the start). */
    public Uni<List<Organization>> listOfMember(UUID userId, String afterSlug, int max) {
        String members = "id in (select m.organizationId from Membership m where m.userId = ?1)";
        return (afterSlug == null
                ? find(members + " order by slug", userId)
                : find(members + " and slug > ?2 order by slug", userId, afterSlug))
                .range(0, max - 1).list();
    }

    public Uni<List<Organization>> listByIds(List<UUID> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", ids);
    }

    /** Every organization in id order: the {@code size} after {@code after} (from the first if null). */
    public Uni<List<Organization>> pageAfter(UUID after, int size) {
        return (after == null ? find("order by id") : find("id > ?1 order by id", after)).range(0, size - 1).list();
    }
}
