package dev.agora.gateway.org.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class MembershipRepository implements PanacheRepositoryBase<Membership, Membership.Key> {

    public Uni<Membership> findMember(UUID organizationId, UUID userId) {
        return findById(new Membership.Key(organizationId, userId));
    }

    public Uni<List<Membership>> listOfUser(UUID userId) {
        return list("userId", userId);
    }

    public Uni<List<Membership>> listOfUserIn(UUID userId, List<UUID> organizationIds) {
        return organizationIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("userId = ?1 and organizationId in ?2", userId, organizationIds);
    }

    /** Members in the order they joined, after the (grantedAt, userId) cursor when there is one. */
    public Uni<List<Membership>> listOfOrganization(UUID organizationId, Instant afterGrantedAt, UUID afterUserId, int max) {
        return (afterGrantedAt == null
                ? find("organizationId = ?1 order by grantedAt, userId", organizationId)
                : find("organizationId = ?1 and (grantedAt > ?2 or (grantedAt = ?2 and userId > ?3))"
                        + " order by grantedAt, userId", organizationId, afterGrantedAt, afterUserId))
                .range(0, max - 1).list();
    }

    public Uni<Long> countAdmins(UUID organizationId) {
        return count("organizationId = ?1 and role = 'admin'", organizationId);
    }

    /** The members of these organizations, by organization and user id. */
    public Uni<List<Membership>> listOfOrganizations(List<UUID> organizationIds) {
        return organizationIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("organizationId in ?1 order by organizationId, userId", organizationIds);
    }

    /**
     * Holds every membership change until the caller's transaction ends, and waits for those in flight: what it reads
     * next is then the latest state, and the events it writes follow theirs.
     */
    public Uni<Void> lockAgainstChanges() {
        return Panache.getSession().chain(session -> session.createNativeQuery("lock table memberships in share mode")
                .executeUpdate()).replaceWithVoid();
    }
}
