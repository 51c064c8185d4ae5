package dev.agora.marketplace.profile.service;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.problem.FieldError;
import dev.agora.common.problem.ProblemException;
import dev.agora.marketplace.persistence.UniqueViolation;
import dev.agora.marketplace.profile.repository.UserProfile;
import dev.agora.marketplace.profile.repository.UserProfileRepository;
import dev.agora.marketplace.profile.model.ProfileView;
import dev.agora.marketplace.profile.model.UpdateProfileRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Marketplace profiles: identity facts from identity.v1, the rest set by the user; public view without email. */
@ApplicationScoped
public class ProfileService {
    static final Pattern USERNAME = Pattern.compile("^[a-z0-9_]{3,50}$");
    static final int MAX_BIO = 500;
    /** Per-chain wallet address formats (Agora knows three chains). */
    static final Map<String, Pattern> WALLETS = Map.of(
            "algorand", Pattern.compile("^[A-Z2-7]{58}$"),
            "solana", Pattern.compile("^[1-9A-HJ-NP-Za-km-z]{32,44}$"),
            "ethereum", Pattern.compile("^0x[0-9a-fA-F]{40}$"));

    private final UserProfileRepository profiles;
    private final ReputationService reputation;

    public ProfileService(UserProfileRepository profiles, ReputationService reputation) {
        this.profiles = profiles;
        this.reputation = reputation;
    }

    /** {@code agora.user.registered.v1}: creates the profile or refreshes its identity facts (consumer's transaction). */
    public Uni<Void> onRegistered(UUID userId, String email, String displayName, Instant createdAt) {
        return profiles.findById(userId).chain(existing -> {
            UserProfile profile = existing != null ? existing : fresh(userId, createdAt);
            profile.email = email;
            profile.displayName = displayName;
            return existing != null ? profiles.flush() : persistWithReputation(profile);
        }).replaceWithVoid();
    }

    /** {@code agora.user.deleted.v1}: the profile goes (consumer's transaction). */
    public Uni<Void> onDeleted(UUID userId) {
        return profiles.deleteById(userId).replaceWithVoid();
    }

    @WithSession
    public Uni<ProfileView> mine(UUID userId, String email) {
        return profiles.findById(userId).chain(profile -> profile != null ? Uni.createFrom().item(ProfileView.own(profile))
                : reputation.scoreOf(userId)
                        .map(score -> new ProfileView(userId, null, null, null, null, null, null, email, null, score)));
    }

    @WithTransaction
    public Uni<ProfileView> update(UUID userId, String email, UpdateProfileRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("body", "a JSON object is required");
        }
        validate(request);
        String username = blankToNull(request.username());
        String wallet = blankToNull(request.walletAddress());
        Uni<Void> free = (username == null ? Uni.createFrom().<UserProfile> nullItem() : profiles.findByUsername(username))
                .map(other -> {
                    if (other != null && !other.userId.equals(userId)) {
                        throw ProblemException.conflict("username", "username is taken");
                    }
                    return null;
                })
                .chain(() -> wallet == null ? Uni.createFrom().<UserProfile> nullItem() : profiles.findByWallet(wallet))
                .map(other -> {
                    if (other != null && !other.userId.equals(userId)) {
                        throw ProblemException.conflict("walletAddress", "walletAddress is taken");
                    }
                    return null;
                });
        return free.chain(() -> profiles.findById(userId)).chain(existing -> {
            UserProfile profile = existing != null ? existing : fresh(userId, now());
            if (profile.email == null) {
                profile.email = email;
            }
            profile.username = blankToNull(request.username());
            profile.bio = blankToNull(request.bio());
            profile.avatarUrl = blankToNull(request.avatarUrl());
            profile.walletChain = blankToNull(request.walletChain());
            profile.walletAddress = blankToNull(request.walletAddress());
            profile.updatedAt = now();
            Uni<Void> saved = existing != null ? profiles.flush() : persistWithReputation(profile);
            return saved.map(ignored -> ProfileView.own(profile))
                    .onFailure(UniqueViolation::in).transform(e -> {
                        String field = String.valueOf(e.getMessage()).contains("wallet") ? "walletAddress" : "username";
                        return ProblemException.conflict(field, field + " is taken");
                    });
        });
    }

    /** Anyone's public profile by user id or username. */
    @WithSession
    public Uni<ProfileView> publicProfile(String idOrUsername) {
        UUID id = null;
        try {
            id = idOrUsername.length() == 36 ? UUID.fromString(idOrUsername) : null;
        } catch (IllegalArgumentException e) {
            // a username
        }
        Uni<UserProfile> lookup = id != null ? profiles.findById(id)
                : USERNAME.matcher(idOrUsername).matches() ? profiles.findByUsername(idOrUsername)
                        : Uni.createFrom().nullItem();
        return lookup.map(profile -> {
            if (profile == null) {
                throw ProblemException.notFound("profile " + idOrUsername);
            }
            return ProfileView.visibleToAnyone(profile);
        });
    }

    /** A new profile starts with the score of the facts that came before it (tasks may precede identity.v1). */
    private Uni<Void> persistWithReputation(UserProfile profile) {
        return reputation.scoreOf(profile.userId).chain(score -> {
            profile.reputationScore = score;
            return profiles.persistAndFlush(profile);
        }).replaceWithVoid();
    }

    private static void validate(UpdateProfileRequest request) {
        List<FieldError> errors = new ArrayList<>();
        String username = blankToNull(request.username());
        if (username != null && !USERNAME.matcher(username).matches()) {
            errors.add(new FieldError("username", "3 to 50 lowercase letters, digits or underscores"));
        }
        String bio = blankToNull(request.bio());
        if (bio != null && bio.length() > MAX_BIO) {
            errors.add(new FieldError("bio", "must be at most " + MAX_BIO + " characters"));
        }
        String avatar = blankToNull(request.avatarUrl());
        if (avatar != null && !isHttpsUrl(avatar)) {
            errors.add(new FieldError("avatarUrl", "must be an https URL of at most 2048 characters"));
        }
        String chain = blankToNull(request.walletChain());
        String address = blankToNull(request.walletAddress());
        if ((chain == null) != (address == null)) {
            errors.add(new FieldError(chain == null ? "walletChain" : "walletAddress",
                    "walletChain and walletAddress go together"));
        } else if (chain != null && !WALLETS.containsKey(chain)) {
            errors.add(new FieldError("walletChain", "must be one of " + WALLETS.keySet().stream().sorted().toList()));
        } else if (chain != null && !WALLETS.get(chain).matcher(address).matches()) {
            errors.add(new FieldError("walletAddress", "is not a " + chain + " address"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private static boolean isHttpsUrl(String value) {
        if (value.length() > 2048) {
            return false;
        }
        try {
            URI uri = URI.create(value);
            return "https".equals(uri.getScheme()) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static UserProfile fresh(UUID userId, Instant createdAt) {
        UserProfile profile = new UserProfile();
        profile.userId = userId;
        profile.createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
        profile.updatedAt = profile.createdAt;
        return profile;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
