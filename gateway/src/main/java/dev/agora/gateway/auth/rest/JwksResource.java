package dev.agora.gateway.auth.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.Cancellable;

import dev.agora.gateway.auth.service.SigningKeys;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The public keys tokens are signed with, as a JSON Web Key Set (RFC 7517): the current one and, after a
 * rotation, the previous one, each with its {@code kid}. Services that point
 * {@code mp.jwt.verify.publickey.location} here pick the key by the token's {@code kid}.
 */
@Path("/.well-known/jwks.json")
@Cancellable(false)
@Tag(name = "auth")
public class JwksResource {
    private static final int MAX_AGE_SECONDS = 300;

    private final Jwks jwks;

    public JwksResource(SigningKeys keys) {
        this.jwks = new Jwks(keys.verificationKeys().stream()
                .map(key -> new Jwk("RSA", key.keyId(), "sig", "RS256", key.modulus(), key.exponent()))
                .toList());
    }

    @RegisterForReflection
    public record Jwk(String kty, String kid, String use, String alg, String n, String e) {
    }

    @RegisterForReflection
    public record Jwks(List<Jwk> keys) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(MAX_AGE_SECONDS);
        return Response.ok(jwks).cacheControl(cache).build();
    }
}
