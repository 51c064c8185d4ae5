package dev.agora.gateway.apikey.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Singleton;

import dev.agora.common.auth.CurrentUser;
import dev.agora.gateway.apikey.model.Scopes;
import dev.agora.gateway.auth.AuthConfig;
import dev.agora.gateway.auth.service.AccessTokens;
import dev.agora.gateway.auth.service.EdgePrincipal;
import dev.agora.gateway.org.model.Roles;
import dev.agora.common.cache.BoundedCache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Turns an API key presented at the edge into the principal it acts for and the internal JWT forwarded for it.
 * A lookup (one query, two for a user's key) is reused for {@code agora.gateway.auth.api-key-cache-ttl}, and
 * only then is {@code last_used_at} written: the per-request cost of a known key is a map lookup.
 * <ul>
 * <li>a user's key acts as the user (their groups and memberships) limited to the key's scopes; a deactivated
 * or deleted user's keys stop working</li>
 * <li>an organization's key acts as the organization ({@code sub} = organization id) with the
 * {@code agent_manager} role in it</li>
 * <li>a service account's key carries the account's role ({@code ingestor}, {@code payments}) as its group</li>
 * </ul>
 * {@code email_verified} is the user's for a user's key, and that of the user who created the key for the others:
 * an unverified user cannot reach what needs a verified address through a key of an organization they created.
 */
@Singleton
public class ApiKeyAuthenticator {
    private static final int MAX_CACHED = 10_000;
    private static final String LOOKUP = """
            select k.id, k.scopes, k.expires_at, k.user_id, k.organization_id, k.service_account_id,
                   u.email, u.plan, u.platform_admin, u.is_active, u.deleted_at, o.slug, s.role,
                   coalesce(u.email_verified_at, c.email_verified_at) is not null as email_verified
            from api_keys k
            left join users u on u.id = k.user_id
            left join users c on c.id = k.created_by and k.user_id is null
            left join organizations o on o.id = k.organization_id
            left join service_accounts s on s.id = k.service_account_id
            where k.key_hash = $1 and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())""";

    /** A key the edge accepted: who it acts for, and the token forwarded on its behalf. */
    public record Authenticated(EdgePrincipal principal, String token) {
    }

    private final Pool database;
    private final AccessTokens tokens;
    private final AuthConfig config;
    private final BoundedCache<String, Authenticated> cache = new BoundedCache<>(MAX_CACHED);

    public ApiKeyAuthenticator(Pool database, AccessTokens tokens, AuthConfig config) {
        this.database = database;
        this.tokens = tokens;
        this.config = config;
    }

    /** Empty for an unknown, revoked or expired key, or one whose owner can no longer act. */
    public Uni<Optional<Authenticated>> authenticate(String key) {
        String hash = ApiKeySecrets.hash(key);
        Authenticated cached = cache.get(hash);
        if (cached != null) {
            return Uni.createFrom().item(Optional.of(cached));
        }
        return database.preparedQuery(LOOKUP).execute(Tuple.of(hash)).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().item(Optional.<Authenticated> empty());
            }
            Row row = rows.iterator().next();
            return principalOf(row).chain(principal -> {
                if (principal.isEmpty()) {
                    return Uni.createFrom().item(Optional.<Authenticated> empty());
                }
                Instant now = Instant.now();
                Instant tokenExpiry = now.plus(config.internalTokenTtl());
                Authenticated authenticated = new Authenticated(principal.get(), tokens.issueInternal(principal.get(), tokenExpiry));
                // reused while the token still has most of its life, and never past the key's own expiry
                Instant cachedUntil = min(now.plus(config.apiKeyCacheTtl()), instant(row.getOffsetDateTime("expires_at")));
                cache.put(hash, authenticated, min(cachedUntil, tokenExpiry.minus(config.internalTokenTtl().dividedBy(2)))
                        .toEpochMilli());
                return database.preparedQuery("update api_keys set last_used_at = now() where id = $1")
                        .execute(Tuple.of(principal.get().apiKeyId()))
                        .replaceWith(Optional.of(authenticated));
            });
        });
    }

    private Uni<Optional<EdgePrincipal>> principalOf(Row row) {
        UUID keyId = row.getUUID("id");
        var scopes = Scopes.split(row.getString("scopes"));
        boolean emailVerified = Boolean.TRUE.equals(row.getBoolean("email_verified"));
        UUID userId = row.getUUID("user_id");
        if (userId != null) {
            if (!Boolean.TRUE.equals(row.getBoolean("is_active")) || row.getValue("deleted_at") != null) {
                return Uni.createFrom().item(Optional.empty());
            }
            Set<String> groups = Boolean.TRUE.equals(row.getBoolean("platform_admin")) ? Set.of(CurrentUser.PLATFORM_ADMIN) : Set.of();
            return database.preparedQuery("select o.slug, m.role from memberships m"
                    + " join organizations o on o.id = m.organization_id where m.user_id = $1")
                    .execute(Tuple.of(userId))
                    .map(memberships -> Optional.of(new EdgePrincipal(EdgePrincipal.USER, userId.toString(),
                            row.getString("email"), groups, rolesOf(memberships), row.getString("plan"), keyId, scopes,
                            emailVerified)));
        }
        UUID organizationId = row.getUUID("organization_id");
        if (organizationId != null) {
            return Uni.createFrom().item(Optional.of(new EdgePrincipal(EdgePrincipal.ORGANIZATION, organizationId.toString(),
                    null, Set.of(), Map.of(row.getString("slug"), Roles.AGENT_MANAGER), null, keyId, scopes, emailVerified)));
        }
        UUID serviceAccountId = row.getUUID("service_account_id");
        return Uni.createFrom().item(Optional.of(new EdgePrincipal(EdgePrincipal.SERVICE, serviceAccountId.toString(),
                null, Set.of(row.getString("role")), Map.of(), null, keyId, scopes, emailVerified)));
    }

    private static Map<String, String> rolesOf(RowSet<Row> memberships) {
        Map<String, String> roles = new TreeMap<>();
        for (Row membership : memberships) {
            roles.put(membership.getString("slug"), membership.getString("role"));
        }
        return roles;
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    private static Instant min(Instant a, Instant b) {
        return b == null || a.isBefore(b) ? a : b;
    }
}
