package dev.agora.marketplace.profile.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

import static io.quarkus.hibernate.reactive.panache.Panache.getSession;

/** Reads the reputation facts of a user and stores the score on their profile (in the caller's transaction). */
@ApplicationScoped
@WithSession
public class ReputationRepository {

    public Uni<ReputationFacts> factsOf(UUID userId) {
        return getSession().chain(session -> session
                .createNativeQuery("select"
                        + " (select count(*) from reviews r join tasks t on t.id = r.task_id where t.owner_id = :id),"
                        + " (select coalesce(sum(r.rating), 0) from reviews r join tasks t on t.id = r.task_id"
                        + "  where t.owner_id = :id),"
                        + " (select count(*) from tasks where owner_id = :id and status = 'completed'),"
                        + " (select count(*) from tasks where owner_id = :id and status = 'failed')", Object[].class)
                .setParameter("id", userId).getSingleResult()
                .map(row -> new ReputationFacts(number(row[0]), number(row[1]), number(row[2]), number(row[3]))));
    }

    public Uni<Integer> store(UUID userId, Integer score) {
        return getSession().chain(session -> session
                .createNativeQuery("update user_profiles set reputation_score = :score where user_id = :id")
                .setParameter("score", score).setParameter("id", userId).executeUpdate());
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
