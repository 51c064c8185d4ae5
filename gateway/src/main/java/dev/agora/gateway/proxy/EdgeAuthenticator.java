package dev.agora.gateway.proxy;

import java.util.Locale;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Checks the bearer token of a proxied request with the same issuer, audience and key as every service.
 * Verification runs on a worker: the key resolver may read a file or fetch a remote key set.
 */
@Singleton
public class EdgeAuthenticator {
    private static final Logger LOG = Logger.getLogger(EdgeAuthenticator.class);
    private static final String BEARER = "bearer ";

    public enum Verdict {
        /** A valid token, or none on a public route. */
        ALLOWED,
        MISSING,
        INVALID
    }

    private final JWTParser parser;
    private final Vertx vertx;

    public EdgeAuthenticator(JWTParser parser, Vertx vertx) {
        this.parser = parser;
        this.vertx = vertx;
    }

    /**
     * @param authorization the {@code Authorization} header, or null
     * @param tokenOptional a public read: no token is fine, but a token that is sent must be valid
     */
    public Future<Verdict> check(String authorization, boolean tokenOptional) {
        if (authorization == null) {
            return Future.succeededFuture(tokenOptional ? Verdict.ALLOWED : Verdict.MISSING);
        }
        if (authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return Future.succeededFuture(Verdict.INVALID);
        }
        String token = authorization.substring(BEARER.length()).strip();
        return vertx.executeBlocking(() -> verify(token), false);
    }

    private Verdict verify(String token) {
        try {
            parser.parse(token);
            return Verdict.ALLOWED;
        } catch (ParseException e) {
            LOG.debugf("Rejected a bearer token at the edge: %s", e.getMessage());
            return Verdict.INVALID;
        }
    }
}
