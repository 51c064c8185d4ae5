package dev.agora.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

class VerifiedTokenCacheTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicInteger verifications = new AtomicInteger();
    private final RevokedSessions revoked = new RevokedSessions(now::get);

    /** Tokens named "valid-<exp seconds>[-<sid>]" verify; anything else is refused. */
    private final DefaultJWTParser parser = new DefaultJWTParser() {
        @Override
        public JsonWebToken parse(String token) throws ParseException {
            verifications.incrementAndGet();
            if (!token.startsWith("valid-")) {
                throw new ParseException("bad signature");
            }
            String[] parts = token.split("-", 3);
            return new Jwt(token, Long.parseLong(parts[1]), parts.length > 2 ? parts[2] : null);
        }
    };

    @Test
    void verifiesATokenOnceAndReusesItUntilItExpires() throws ParseException {
        VerifiedTokenCache cache = new VerifiedTokenCache(parser, revoked, 100, 300, now::get);
        JsonWebToken first = cache.parse("valid-1060");
        assertSame(first, cache.parse("valid-1060"));
        assertEquals(1, verifications.get());
        now.set(1_060_000);
        cache.parse("valid-1060");
        assertEquals(2, verifications.get(), "an expired token is verified again (and refused by the real parser)");
    }

    @Test
    void keepsAVerifiedTokenNoLongerThanTheConfiguredTtl() throws ParseException {
        VerifiedTokenCache cache = new VerifiedTokenCache(parser, revoked, 100, 30, now::get);
        cache.parse("valid-99999");
        now.addAndGet(30_000);
        cache.parse("valid-99999");
        assertEquals(2, verifications.get());
    }

    @Test
    void neverCachesARefusedToken() {
        VerifiedTokenCache cache = new VerifiedTokenCache(parser, revoked, 100, 300, now::get);
        assertThrows(ParseException.class, () -> cache.parse("forged"));
        assertThrows(ParseException.class, () -> cache.parse("forged"));
        assertEquals(2, verifications.get());
    }

    @Test
    void refusesATokenOfAnEndedSessionEvenThoughItWasVerifiedBefore() throws ParseException {
        VerifiedTokenCache cache = new VerifiedTokenCache(parser, revoked, 100, 300, now::get);
        UUID ended = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        cache.parse("valid-99999-" + ended);
        cache.parse("valid-99999-" + other);

        revoked.remember(List.of(ended), Instant.ofEpochMilli(now.get() + 60_000));

        ParseException refused = assertThrows(ParseException.class, () -> cache.parse("valid-99999-" + ended));
        assertInstanceOf(SessionEndedException.class, refused);
        assertEquals("valid-99999-" + other, cache.parse("valid-99999-" + other).getRawToken());
        assertEquals("valid-99999", cache.parse("valid-99999").getRawToken(), "a token without a session is not concerned");
    }

    @Test
    void forgetsAnEndedSessionOnceNoTokenOfItCanBeValid() throws ParseException {
        VerifiedTokenCache cache = new VerifiedTokenCache(parser, revoked, 100, 300, now::get);
        UUID ended = UUID.randomUUID();
        revoked.remember(List.of(ended), Instant.ofEpochMilli(now.get() + 60_000));
        assertThrows(SessionEndedException.class, () -> cache.parse("valid-99999-" + ended));

        now.addAndGet(60_000);
        revoked.forgetExpired();

        assertEquals(0, revoked.size());
        cache.parse("valid-99999-" + ended);
    }

    private record Jwt(String raw, long exp, String sid) implements JsonWebToken {
        @Override
        public String getName() {
            return "user";
        }

        @Override
        public Set<String> getClaimNames() {
            return Set.of("exp");
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            return switch (claimName) {
                case "exp" -> (T) Long.valueOf(exp);
                case "sid" -> (T) sid;
                default -> null;
            };
        }

        @Override
        public String getRawToken() {
            return raw;
        }

        @Override
        public long getExpirationTime() {
            return exp;
        }
    }
}
