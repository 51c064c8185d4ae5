package dev.agora.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

class VerifiedTokenCacheTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicInteger verifications = new AtomicInteger();

    /** Tokens named "valid-<exp seconds>" verify; anything else is refused. */
    private final DefaultJWTParser parser = new DefaultJWTParser() {
        @Override
        public JsonWebToken parse(String token) throws ParseException {
            verifications.incrementAndGet();
            if (!token.startsWith("valid-")) {
                throw new ParseException("bad signature");
            }
            return new Jwt(token, Long.parseLong(token.substring("valid-".length())));
        }
    };

    @Test
    void verifiesATokenOnceAndReusesItUntilItExpires() throws ParseException {
        VerifiedTokenCache cache = new VerifiedTokenCache(parser, 100, 300, now::get);
        JsonWebToken first = cache.parse("valid-1060");
        assertSame(first, cache.parse("valid-1060"));
        assertEquals(1, verifications.get());
        now.set(1_060_000);
        cache.parse("valid-1060");
        assertEquals(2, verifications.get(), "an expired token is verified again (and refused by the real parser)");
    }

    @Test
    void keepsAVerifiedTokenNoLongerThanTheConfiguredTtl() throws ParseException {
        VerifiedTokenCache cache = new VerifiedTokenCache(parser, 100, 30, now::get);
        cache.parse("valid-99999");
        now.addAndGet(30_000);
        cache.parse("valid-99999");
        assertEquals(2, verifications.get());
    }

    @Test
    void neverCachesARefusedToken() {
        VerifiedTokenCache cache = new VerifiedTokenCache(parser, 100, 300, now::get);
        assertThrows(ParseException.class, () -> cache.parse("forged"));
        assertThrows(ParseException.class, () -> cache.parse("forged"));
        assertEquals(2, verifications.get());
    }

    private record Jwt(String raw, long exp) implements JsonWebToken {
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
            return "exp".equals(claimName) ? (T) Long.valueOf(exp) : null;
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
