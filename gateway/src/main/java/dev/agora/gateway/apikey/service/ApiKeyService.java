package dev.agora.gateway.apikey.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.common.problem.DatabaseErrors;
import dev.agora.common.problem.ProblemException;
import dev.agora.gateway.apikey.model.Scopes;
import dev.agora.gateway.apikey.repository.ApiKey;
import dev.agora.gateway.apikey.repository.ApiKeyRepository;
import dev.agora.gateway.apikey.repository.ServiceAccount;
import dev.agora.gateway.apikey.repository.ServiceAccountRepository;
import dev.agora.gateway.apikey.model.ApiKeyView;
import dev.agora.gateway.apikey.model.CreateApiKeyRequest;
import dev.agora.gateway.apikey.model.CreateServiceAccountRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** API keys of users, organizations and service accounts, and the service accounts themselves. */
@ApplicationScoped
public class ApiKeyService {
    private final ApiKeyRepository keys;
    private final ServiceAccountRepository serviceAccounts;

    public ApiKeyService(ApiKeyRepository keys, ServiceAccountRepository serviceAccounts) {
        this.keys = keys;
        this.serviceAccounts = serviceAccounts;
    }

    /** Creates a key; the answer is the only place the secret ever appears. */
    @WithTransaction
    public Uni<ApiKeyView> create(KeyOwner owner, UUID createdBy, CreateApiKeyRequest request) {
        String secret = ApiKeySecrets.generate();
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID();
        key.keyHash = ApiKeySecrets.hash(secret);
        key.prefix = secret.substring(0, ApiKeySecrets.SHOWN_PREFIX_LENGTH);
        key.name = request.name();
        if (owner instanceof KeyOwner.OfUser) {
            key.userId = owner.id();
        } else if (owner instanceof KeyOwner.OfOrganization) {
            key.organizationId = owner.id();
        } else {
            key.serviceAccountId = owner.id();
        }
        key.scopes = Scopes.join(request.scopes());
        key.createdBy = createdBy;
        key.createdAt = now();
        key.expiresAt = request.expiresAt() == null ? null : request.expiresAt().truncatedTo(ChronoUnit.MICROS);
        return keys.persist(key).map(stored -> ApiKeyView.of(stored, secret));
    }

    @WithSession
    public Uni<List<ApiKeyView>> list(KeyOwner owner) {
        return keys.listOf(owner).map(found -> found.stream().map(ApiKeyView::of).toList());
    }

    /** Revokes a key of this owner (404 for anyone else's); revoking twice changes nothing. */
    @WithTransaction
    public Uni<Void> revoke(KeyOwner owner, UUID keyId) {
        return keys.findOf(owner, keyId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("API key " + keyId))
                .invoke(key -> {
                    if (key.revokedAt == null) {
                        key.revokedAt = now();
                    }
                })
                .replaceWithVoid();
    }

    /** Revokes every key of this owner still working; joins the caller's transaction. */
    public Uni<Integer> revokeAllOf(KeyOwner owner) {
        return keys.revokeAllOf(owner, now());
    }

    @WithTransaction
    public Uni<ServiceAccount> createServiceAccount(UUID createdBy, CreateServiceAccountRequest request) {
        ServiceAccount account = new ServiceAccount();
        account.id = UUID.randomUUID();
        account.name = request.name();
        account.role = request.role();
        account.createdBy = createdBy;
        account.createdAt = now();
        return serviceAccounts.nameTaken(account.name)
                .invoke(taken -> {
                    if (taken) {
                        throw nameTaken();
                    }
                })
                .chain(() -> serviceAccounts.persistAndFlush(account))
                .onFailure(DatabaseErrors::isUniqueViolation).transform(failure -> nameTaken());
    }

    @WithSession
    public Uni<List<ServiceAccount>> serviceAccounts() {
        return serviceAccounts.listByName();
    }

    @WithSession
    public Uni<ServiceAccount> serviceAccount(UUID id) {
        return serviceAccounts.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("service account " + id));
    }

    private static ProblemException nameTaken() {
        return ProblemException.conflict("name", "a service account with this name already exists");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
