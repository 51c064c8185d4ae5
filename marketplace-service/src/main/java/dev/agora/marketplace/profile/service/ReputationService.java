package dev.agora.marketplace.profile.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.marketplace.profile.repository.ReputationRepository;
import io.smallrye.mutiny.Uni;

/**
 * Keeps {@code user_profiles.reputation_score} current: called inside the transaction of every change to its facts
 * (a review of a task the user owns, a task the user owns completed or failed, the profile created).
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
        return scoreOf(userId).chain(score -> reputation.store(userId, score)).replaceWithVoid();
    }
}
