package dev.agora.marketplace.review.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class ReviewRepository implements PanacheRepositoryBase<Review, UUID> {

    public Uni<Boolean> existsForTask(UUID taskId) {
        return count("taskId", taskId).map(count -> count > 0);
    }

    public Uni<Review> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * An agent's reviews: newest first, or by rating (highest / lowest) then newest; keyset on (rating, created_at,
     * id); {@code limit} rows.
     */
    public Uni<List<Review>> listForAgent(UUID agentId, ReviewSort sort, Integer afterRating, Instant afterCreatedAt,
            UUID afterId, int limit) {
        StringBuilder query = new StringBuilder("agentId = :agent");
        Parameters params = Parameters.with("agent", agentId);
        if (afterId != null) {
            String newer = "(createdAt < :afterCreatedAt or (createdAt = :afterCreatedAt and id < :afterId))";
            if (sort == ReviewSort.NEWEST) {
                query.append(" and ").append(newer);
            } else {
                String beyond = sort == ReviewSort.HIGHEST ? "rating < :afterRating" : "rating > :afterRating";
                query.append(" and (").append(beyond).append(" or (rating = :afterRating and ").append(newer).append("))");
                params.and("afterRating", afterRating);
            }
            params.and("afterCreatedAt", afterCreatedAt).and("afterId", afterId);
        }
        query.append(switch (sort) {
            case NEWEST -> " order by createdAt desc, id desc";
            case HIGHEST -> " order by rating desc, createdAt desc, id desc";
            case LOWEST -> " order by rating asc, createdAt desc, id desc";
        });
        return find(query.toString(), params).page(0, limit).list();
    }

    public enum ReviewSort {
        NEWEST, HIGHEST, LOWEST
    }
}
