package dev.agora.gateway.auth.service;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;

import dev.agora.common.auth.CurrentUser;
import dev.agora.common.auth.VerifiedTokenCache;
import dev.agora.gateway.auth.AuthConfig;
import dev.agora.gateway.user.repository.User;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

/** Signs the RS256 access tokens every service verifies. */
@Singleton
public class AccessTokens {
    private final SigningKeys keys;
    private final AuthConfig config;
    private final String issuer;
    private final String audience;

    public AccessTokens(SigningKeys keys, AuthConfig config, @ConfigProperty(name = "agora.jwt.issuer") String issuer,
            @ConfigProperty(name = "agora.jwt.audience") String audience) {
        this.keys = keys;
        this.config = config;
        this.issuer = issuer;
        this.audience = audience;
    }

    /** The session (refresh token family) an access token was issued for. */
    public static final String SESSION_CLAIM = VerifiedTokenCache.SESSION_CLAIM;
    /** When the user last proved their password (OpenID Connect {@code auth_time}, seconds); refreshes keep it. */
    public static final String AUTH_TIME_CLAIM = Claims.auth_time.name();
    /** The user's plan: the edge picks its rate limits by it. */
    public static final String PLAN_CLAIM = "plan";
    /** Space-separated scopes of the API key an internal token was issued for (RFC 9068 {@code scope}). */
    public static final String SCOPE_CLAIM = "scope";
    public static final String API_KEY_CLAIM = "api_key_id";
    /** {@code user}, {@code organization} or {@code service}. */
    public static final String PRINCIPAL_TYPE_CLAIM = "principal_type";

    /**
     * @param orgs the user's memberships, organization slug → role (the {@code orgs} claim)
     * @param sessionId the sign-in the token belongs to (the {@code sid} claim)
     * @param authenticatedAt when the user last proved their password in that sign-in (the {@code auth_time} claim)
     */
    public String issue(User user, Map<String, String> orgs, UUID sessionId, Instant authenticatedAt) {
        Instant now = Instant.now();
        return Jwt.issuer(issuer)
                .audience(audience)
                .subject(user.id.toString())
                .upn(user.email)
                .claim(Claims.email.name(), user.email)
                // read at sign-in and at every refresh, like orgs: a verification shows from the next refresh on
                .claim(CurrentUser.EMAIL_VERIFIED_CLAIM, user.emailVerifiedAt != null)
                // global roles: platform administrators only
                .groups(user.platformAdmin ? Set.of(CurrentUser.PLATFORM_ADMIN) : Set.<String> of())
                .claim(PLAN_CLAIM, user.plan)
                .claim(SESSION_CLAIM, sessionId.toString())
                .claim(AUTH_TIME_CLAIM, authenticatedAt.getEpochSecond())
                // read at sign-in and at every refresh: a role change shows from the next refresh on
                .claim(CurrentUser.ORGS_CLAIM, Map.<String, Object> copyOf(orgs))
                .claim(Claims.jti.name(), UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plus(config.accessTokenTtl()))
                .jws()
                .algorithm(SignatureAlgorithm.RS256)
                .keyId(keys.keyId())
                .sign(keys.privateKey());
    }

    /**
     * The short-lived internal token the edge forwards for a caller that authenticated otherwise (an API key, an
     * external identity provider's token): same issuer, audience and key as a sign-in's access token, so the
     * services verify only one kind of token.
     */
    public String issueInternal(EdgePrincipal principal, Instant expiresAt) {
        Instant now = Instant.now();
        var builder = Jwt.issuer(issuer)
                .audience(audience)
                .subject(principal.subject())
                .upn(principal.email() == null ? principal.subject() : principal.email())
                .groups(principal.groups())
                .claim(CurrentUser.ORGS_CLAIM, Map.<String, Object> copyOf(principal.orgs()))
                .claim(PRINCIPAL_TYPE_CLAIM, principal.type())
                .claim(CurrentUser.EMAIL_VERIFIED_CLAIM, principal.emailVerified())
                .claim(Claims.jti.name(), UUID.randomUUID().toString());
        if (principal.email() != null) {
            builder.claim(Claims.email.name(), principal.email());
        }
        if (principal.plan() != null) {
            builder.claim(PLAN_CLAIM, principal.plan());
        }
        if (principal.apiKeyId() != null) {
            builder.claim(API_KEY_CLAIM, principal.apiKeyId().toString());
        }
        if (principal.scopes() != null) {
            builder.claim(SCOPE_CLAIM, String.join(" ", principal.scopes()));
        }
        return builder.issuedAt(now)
                .expiresAt(expiresAt)
                .jws()
                .algorithm(SignatureAlgorithm.RS256)
                .keyId(keys.keyId())
                .sign(keys.privateKey());
    }

    public long lifetimeSeconds() {
        return config.accessTokenTtl().toSeconds();
    }
}
