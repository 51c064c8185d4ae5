package dev.agora.common.auth;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.function.LongSupplier;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.agora.common.cache.BoundedCache;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * The JWT parser every bearer-token check goes through, remembering the tokens it has verified.
 * <p>
 * A client sends the same access token on every request until it expires, and verifying its RS256 signature and
 * claims was the largest cost of a simple read (about 40 % of the CPU of {@code GET /api/agents/{id}}). A token is
 * verified once with the configured keys and claims rules, then its verified form is reused until the token's own
 * expiry ({@code exp}), at most {@code agora.auth.verified-token-cache-ttl}. Invalid tokens are never cached, so a
 * forged token is checked (and refused) every time; the cache holds at most
 * {@code agora.auth.verified-token-cache-size} tokens.
 * <p>
 * Every parse, remembered or not, also refuses a token of a sign-in session that has ended (its {@code sid} is in
 * {@link RevokedSessions}): a map lookup, so the check costs nothing measurable. Tokens without a session (the
 * internal tokens of API keys and external identity providers) are not concerned.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {
    /** The claim naming the sign-in session (refresh token family) an access token was issued for. */
    public static final String SESSION_CLAIM = "sid";

    private record Verified(JsonWebToken jwt, String sessionId) {
    }

    private final DefaultJWTParser parser;
    private final RevokedSessions revoked;
    private final BoundedCache<String, Verified> verified;
    private final long maxTtlMillis;
    private final LongSupplier clock;

    // @Inject is required: with a second constructor, ArC would not take the class for a bean at all
    @Inject
    public VerifiedTokenCache(DefaultJWTParser parser, RevokedSessions revoked,
            @ConfigProperty(name = "agora.auth.verified-token-cache-size", defaultValue = "4096") int size,
            @ConfigProperty(name = "agora.auth.verified-token-cache-ttl-seconds", defaultValue = "300") long ttlSeconds) {
        this(parser, revoked, size, ttlSeconds, System::currentTimeMillis);
    }

    VerifiedTokenCache(DefaultJWTParser parser, RevokedSessions revoked, int size, long ttlSeconds, LongSupplier clock) {
        this.parser = parser;
        this.revoked = revoked;
        this.verified = new BoundedCache<>(size, clock);
        this.maxTtlMillis = ttlSeconds * 1000;
        this.clock = clock;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        Verified known = verified.get(token);
        if (known == null) {
            JsonWebToken jwt = parser.parse(token);
            long now = clock.getAsLong();
            long expiresAt = jwt.getExpirationTime() > 0 ? jwt.getExpirationTime() * 1000 : now;
            Object session = jwt.getClaim(SESSION_CLAIM);
            known = new Verified(jwt, session instanceof String sid ? sid : null);
            verified.put(token, known, Math.min(expiresAt, now + maxTtlMillis));
        }
        if (revoked.isRevoked(known.sessionId())) {
            throw new SessionEndedException();
        }
        return known.jwt();
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return parser.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return parser.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return parser.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return parser.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return parser.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return parser.parseOnly(token);
    }
}
