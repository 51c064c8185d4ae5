package dev.agora.marketplace.catalog.repository;

import java.util.Collection;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The projection's writes (the public reads are in {@link CatalogSearchRepository}). */
@ApplicationScoped
@WithSession
public class CatalogAgentRepository implements PanacheRepositoryBase<CatalogAgent, UUID> {

    /** A listed agent (published, active, not deleted), read in the caller's session; null otherwise. */
    public Uni<CatalogAgent> findListed(UUID id) {
        return find("id = ?1 and listed = true", id).firstResult();
    }

    /** Loads the agents the catalog knows of {@code ids} into the caller's session, in one query. */
    public Uni<Void> loadAll(Collection<UUID> ids) {
        return ids.isEmpty() ? Uni.createFrom().voidItem()
                : getSession().chain(session -> session.find(CatalogAgent.class, ids.toArray())).replaceWithVoid();
    }

    /** Adds to one of the counters this service maintains (hires, followers), in the caller's transaction. */
    public Uni<Integer> addToCounter(UUID id, Counter counter, int delta) {
        return getSession().chain(session -> session
                .createNativeQuery("update catalog_agents set " + counter.column + " = greatest(0, " + counter.column
                        + " + :delta) where agent_id = :id")
                .setParameter("delta", delta).setParameter("id", id).executeUpdate());
    }

    /** The agent's follower count (0 for an unknown agent). */
    public Uni<Integer> followerCount(UUID id) {
        return getSession().chain(session -> session
                .createNativeQuery("select follower_count from catalog_agents where agent_id = :id", Integer.class)
                .setParameter("id", id).getResultList())
                .map(rows -> rows.isEmpty() ? 0 : rows.get(0));
    }

    /** Recomputes the mean rating and review count from the reviews, in the caller's transaction. */
    public Uni<Integer> refreshRating(UUID id) {
        return getSession().chain(session -> session
                .createNativeQuery("update catalog_agents c set rating = coalesce(r.mean, 0), review_count = r.total"
                        + " from (select round(avg(rating), 2) as mean, count(*) as total from reviews"
                        + " where agent_id = :id) r where c.agent_id = :id")
                .setParameter("id", id).executeUpdate());
    }

    /** The counters on {@code catalog_agents} (never written by the projection). */
    public enum Counter {
        HIRES("hire_count"),
        FOLLOWERS("follower_count");

        final String column;

        Counter(String column) {
            this.column = column;
        }
    }
}
