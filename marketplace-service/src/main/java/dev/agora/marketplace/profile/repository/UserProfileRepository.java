package dev.agora.marketplace.profile.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
@WithSession
public class UserProfileRepository implements PanacheRepositoryBase<UserProfile, UUID> {

    public Uni<UserProfile> findByUsername(String username) {
        return find("username", username).firstResult();
    }

    public Uni<UserProfile> findByWallet(String walletAddress) {
        return find("walletAddress", walletAddress).firstResult();
    }
}
