package dev.agora.marketplace.profile.service;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.consumer.BeforeCommit;
import dev.agora.marketplace.profile.repository.ReputationRepository;
import io.smallrye.mutiny.Uni;

/**
 * Keeps {@code user_profiles.reputation_score} current: called inside the transaction of every change to its facts
 * (a review of a task the user owns, a task the user owns completed or failed, the profile created). In a consumer's
 * transaction, which may finish a whole poll of one owner's tasks, each owner's score is computed once, just before
 * the commit.
 */
@ApplicationScoped
public class ReputationService {
    private final ReputationRepository reputation;

    public ReputationService(ReputationRepository reputation) {
        this.reputation = reputation;
    }

    public Uni<Integer> scoreOf(UUID userId) {
        return reputation.factsOf(userId).map(ReputationFormula::score);
    }

    public Uni<Void> refresh(UUID userId) {
        return BeforeCommit.buffer(Stale.class, () -> new Stale(this))
                .map(stale -> {
                    stale.users.add(userId);
                    return Uni.createFrom().voidItem();
                })
                .orElseGet(() -> refreshNow(userId));
    }

    private Uni<Void> refreshNow(UUID userId) {
        return scoreOf(userId).chain(score -> reputation.store(userId, score)).replaceWithVoid();
    }

    /** The users whose facts a consumer's transaction changed. */
    private static final class Stale implements BeforeCommit.Deferred {
        private final Set<UUID> users = new LinkedHashSet<>();
        private final ReputationService service;

        private Stale(ReputationService service) {
            this.service = service;
        }

        @Override
        public Uni<Void> run() {
            Uni<Void> refreshed = Uni.createFrom().voidItem();
            for (UUID user : users) {
                refreshed = refreshed.chain(() -> service.refreshNow(user));
            }
            return refreshed;
        }
    }
}
