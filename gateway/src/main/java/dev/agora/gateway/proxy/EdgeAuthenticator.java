package dev.agora.gateway.proxy;

import java.util.List;
import java.util.Locale;

import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;

import org.jboss.logging.Logger;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;

import dev.agora.common.auth.RevokedSessions;
import dev.agora.common.auth.SessionEndedException;
import dev.agora.common.cache.BoundedCache;
import dev.agora.gateway.apikey.service.ApiKeyAuthenticator;
import dev.agora.gateway.apikey.service.ApiKeySecrets;
import dev.agora.gateway.auth.AuthConfig;
import dev.agora.gateway.auth.service.AccessTokens;
import dev.agora.gateway.auth.service.EdgePrincipal;
import dev.agora.gateway.auth.service.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Authenticates a proxied request: a bearer access token (same issuer, audience and key as every service
 * verifies), or an API key ({@code Authorization: Bearer sk_live_…} or {@code X-API-Key}), which is exchanged
 * for a short-lived internal token, as is a token of the configured external OpenID Connect issuer.
 * Verified tokens are remembered (bounded, never past their expiry), so a token costs one signature check;
 * the check runs on a worker, since an external issuer's key set may have to be fetched. Whether the token's
 * sign-in session ({@code sid}) has ended is checked on every request, remembered or not ({@link RevokedSessions}).
 */
@Singleton
public class EdgeAuthenticator {
    private static final Logger LOG = Logger.getLogger(EdgeAuthenticator.class);
    public static final String API_KEY_HEADER = "X-API-Key";
    /** The principal type of a deployed agent's runtime on {@code /api/runtime/**}. */
    public static final String AGENT_RUNTIME = "agent_runtime";
    private static final String BEARER = "bearer ";

    public enum Verdict {
        /** A valid credential, or none on a public route. */
        ALLOWED,
        MISSING,
        INVALID
    }

    /**
     * The outcome for one request.
     *
     * @param subject who the request acts for ({@code sub}), null when anonymous or rejected
     * @param plan the user's plan, when known
     * @param apiKeyId the API key used, or null
     * @param scopes the API key's scopes; null when not limited by scopes
     * @param forwardedAuthorization the {@code Authorization} header to send upstream instead of the caller's,
     *        or null to forward the caller's as it is
     * @param sessionId the sign-in session of a gateway access token ({@code sid}), else null
     */
    public record Identity(Verdict verdict, String detail, String subject, String principalType, String plan,
            String apiKeyId, List<String> scopes, String forwardedAuthorization, String sessionId) {

        static Identity anonymous() {
            return new Identity(Verdict.ALLOWED, null, null, null, null, null, null, null, null);
        }

        /**
         * A deployed agent calling {@code /api/runtime/**} with its agent token, which deployment-service checks; the
         * subject is a digest of the credential, only used to give each runtime its own rate-limit bucket.
         */
        static Identity agentRuntime(String authorization) {
            String subject = authorization == null ? null : ApiKeySecrets.hash(authorization);
            return new Identity(Verdict.ALLOWED, null, subject, subject == null ? null : AGENT_RUNTIME, "free", null,
                    null, null, null);
        }

        static Identity missing() {
            return new Identity(Verdict.MISSING, "a valid bearer token or API key is required", null, null, null, null,
                    null, null, null);
        }

        static Identity invalid(String detail) {
            return new Identity(Verdict.INVALID, detail, null, null, null, null, null, null, null);
        }
    }

    /** How long a verified token is remembered at most (it is never remembered past its own expiry). */
    private static final Duration REMEMBERED = Duration.ofMinutes(5);

    private final TokenVerifier verifier;
    private final AccessTokens tokens;
    private final AuthConfig authConfig;
    private final Vertx vertx;
    private final ApiKeyAuthenticator apiKeys;
    private final RevokedSessions revoked;
    private final BoundedCache<String, Identity> verified;

    public EdgeAuthenticator(TokenVerifier verifier, AccessTokens tokens, AuthConfig authConfig, Vertx vertx,
            ApiKeyAuthenticator apiKeys, RevokedSessions revoked, ProxyConfig proxyConfig) {
        this.verifier = verifier;
        this.tokens = tokens;
        this.authConfig = authConfig;
        this.vertx = vertx;
        this.apiKeys = apiKeys;
        this.revoked = revoked;
        this.verified = new BoundedCache<>(proxyConfig.tokenCacheSize());
    }

    /** @param credentialOptional a public read: no credential is fine, but one that is sent must be valid */
    public Future<Identity> check(HttpServerRequest request, boolean credentialOptional) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String apiKey = request.getHeader(API_KEY_HEADER);
        String bearer = null;
        if (authorization != null) {
            if (authorization.length() <= BEARER.length()
                    || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
                return Future.succeededFuture(Identity.invalid("the bearer token is invalid or expired"));
            }
            bearer = authorization.substring(BEARER.length()).strip();
        }
        if (apiKey == null && ApiKeySecrets.looksLikeKey(bearer)) {
            apiKey = bearer;
            bearer = null;
        }
        if (apiKey != null) {
            if (bearer != null) {
                return Future.succeededFuture(Identity.invalid("send either a bearer token or an API key, not both"));
            }
            return byApiKey(apiKey.strip());
        }
        if (bearer == null) {
            return Future.succeededFuture(credentialOptional ? Identity.anonymous() : Identity.missing());
        }
        Identity known = verified.get(bearer);
        if (known != null) {
            return Future.succeededFuture(unlessSessionEnded(known));
        }
        String token = bearer;
        return vertx.executeBlocking(() -> verify(token), false).map(this::unlessSessionEnded);
    }

    private Identity unlessSessionEnded(Identity identity) {
        return revoked.isRevoked(identity.sessionId()) ? Identity.invalid(SessionEndedException.DETAIL) : identity;
    }

    private Future<Identity> byApiKey(String key) {
        if (!ApiKeySecrets.looksLikeKey(key)) {
            return Future.succeededFuture(Identity.invalid("the API key is invalid, expired or revoked"));
        }
        return Future.fromCompletionStage(apiKeys.authenticate(key).subscribeAsCompletionStage())
                .map(found -> found
                        .map(known -> new Identity(Verdict.ALLOWED, null, known.principal().subject(),
                                known.principal().type(), known.principal().plan(), known.principal().apiKeyId().toString(),
                                known.principal().scopes(), "Bearer " + known.token(), null))
                        .orElseGet(() -> Identity.invalid("the API key is invalid, expired or revoked")));
    }

    private Identity verify(String token) {
        TokenVerifier.Verified result;
        try {
            result = verifier.verify(token);
        } catch (InvalidJwtException e) {
            LOG.debugf("Rejected a bearer token at the edge: %s", e.getMessage());
            return Identity.invalid("the bearer token is invalid or expired");
        }
        Instant now = Instant.now();
        Instant rememberUntil = earliest(result.expiresAt(), now.plus(REMEMBERED));
        Identity identity;
        try {
            if (result.external()) {
                EdgePrincipal principal = verifier.externalPrincipal(result.claims())
                        .withEmailVerified(verifier.externalEmailVerified(result.claims()));
                Instant internalExpiry = earliest(result.expiresAt(), now.plus(authConfig.internalTokenTtl()));
                identity = new Identity(Verdict.ALLOWED, null, principal.subject(), principal.type(), null, null, null,
                        "Bearer " + tokens.issueInternal(principal, internalExpiry), null);
                // the internal token must outlive its reuse by a margin
                rememberUntil = earliest(rememberUntil, internalExpiry.minus(authConfig.internalTokenTtl().dividedBy(2)));
            } else {
                String type = result.claims().getClaimValueAsString(AccessTokens.PRINCIPAL_TYPE_CLAIM);
                identity = new Identity(Verdict.ALLOWED, null, result.claims().getSubject(),
                        type == null ? EdgePrincipal.USER : type,
                        result.claims().getClaimValueAsString(AccessTokens.PLAN_CLAIM), null, null, null,
                        result.claims().getClaimValueAsString(AccessTokens.SESSION_CLAIM));
            }
        } catch (MalformedClaimException | IllegalArgumentException e) {
            LOG.debugf("Rejected a bearer token at the edge: %s", e.getMessage());
            return Identity.invalid("the bearer token is invalid or expired");
        }
        verified.put(token, identity, rememberUntil.toEpochMilli());
        return identity;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
