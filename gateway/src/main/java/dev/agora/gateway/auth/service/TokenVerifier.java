package dev.agora.gateway.auth.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

import dev.agora.gateway.auth.ExternalIdpConfig;

/**
 * Verifies bearer tokens at the edge: the gateway's own (RS256 only, signed by the current or the previous key,
 * picked by {@code kid}; issuer, audience, expiry and subject required) and, when configured, an external
 * OpenID Connect issuer's. The unverified {@code iss} only chooses which rules apply; everything is then checked.
 */
@Singleton
public class TokenVerifier {
    private static final int CLOCK_SKEW_SECONDS = 30;

    /** A verified token: who it names, and when it expires. */
    public record Verified(boolean external, JwtClaims claims, Instant expiresAt) {
    }

    private final String issuer;
    private final JwtConsumer peek;
    private final JwtConsumer internal;
    private final Optional<String> externalIssuer;
    private final JwtConsumer external;
    private final ExternalIdpConfig externalConfig;
    private final ExternalRoleMapping roleMapping;

    public TokenVerifier(SigningKeys keys, ExternalIdpConfig externalConfig,
            @ConfigProperty(name = "agora.jwt.issuer") String issuer,
            @ConfigProperty(name = "agora.jwt.audience") String audience) {
        this.issuer = issuer;
        this.externalConfig = externalConfig;
        this.peek = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                .setSkipSignatureVerification().build();
        List<JsonWebKey> ownKeys = new ArrayList<>();
        for (SigningKeys.VerificationKey key : keys.verificationKeys()) {
            RsaJsonWebKey jwk = new RsaJsonWebKey(key.key());
            jwk.setKeyId(key.keyId());
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            ownKeys.add(jwk);
        }
        JwksVerificationKeyResolver ownResolver = new JwksVerificationKeyResolver(ownKeys);
        // tokens without a kid (older ones) are tried against each key
        ownResolver.setDisambiguateWithVerifySignature(true);
        this.internal = consumer(issuer, audience, ownResolver, List.of(AlgorithmIdentifiers.RSA_USING_SHA256));
        this.externalIssuer = externalConfig.issuer().filter(value -> !value.isBlank());
        if (externalIssuer.isPresent()) {
            String location = externalConfig.jwksLocation().filter(value -> !value.isBlank()).orElseThrow(
                    () -> new IllegalStateException("agora.gateway.external-idp.jwks-location is required with an issuer"));
            String externalAudience = externalConfig.audience().filter(value -> !value.isBlank()).orElseThrow(
                    () -> new IllegalStateException("agora.gateway.external-idp.audience is required with an issuer"));
            this.external = consumer(externalIssuer.get(), externalAudience, ExternalJwks.resolver(location),
                    externalConfig.algorithms());
        } else {
            this.external = null;
        }
        this.roleMapping = ExternalRoleMapping.of(externalConfig.roleMapping().orElse(List.of()));
    }

    /** @throws InvalidJwtException for anything but a valid token of a trusted issuer */
    public Verified verify(String token) throws InvalidJwtException {
        JwtContext context = peek.process(token);
        String tokenIssuer;
        try {
            tokenIssuer = context.getJwtClaims().getIssuer();
        } catch (MalformedClaimException e) {
            throw new InvalidJwtException("the iss claim is malformed", List.of(), context);
        }
        boolean isExternal = external != null && externalIssuer.get().equals(tokenIssuer) && !issuer.equals(tokenIssuer);
        JwtConsumer consumer = isExternal ? external : internal;
        consumer.processContext(context);
        JwtClaims claims = context.getJwtClaims();
        try {
            return new Verified(isExternal, claims, Instant.ofEpochSecond(claims.getExpirationTime().getValue()));
        } catch (MalformedClaimException e) {
            throw new InvalidJwtException("the exp claim is malformed", List.of(), context);
        }
    }

    /**
     * The principal an external token names, by the configured claim mapping: its own namespace of users, and only
     * the groups the role mapping grants.
     */
    public EdgePrincipal externalPrincipal(JwtClaims claims) {
        Object subject = claim(claims, externalConfig.subjectClaim());
        if (!(subject instanceof String value) || value.isBlank()) {
            throw new IllegalArgumentException("the token has no " + externalConfig.subjectClaim() + " claim");
        }
        Object email = claim(claims, externalConfig.emailClaim());
        return new EdgePrincipal(EdgePrincipal.USER, userId(value).toString(), email instanceof String e ? e : null,
                roleMapping.groupsOf(roles(claim(claims, externalConfig.rolesClaim()))), Map.of(), null, null, null);
    }

    /**
     * Always the name-based (version 3) UUID of {@code <issuer>|<subject>}, even for a subject that is itself a UUID:
     * a subject equal to a local user's id must not act as that user. Local ids are random (version 4) UUIDs, so the
     * two namespaces never meet.
     */
    private UUID userId(String subject) {
        return UUID.nameUUIDFromBytes((externalIssuer.orElse("") + "|" + subject).getBytes(StandardCharsets.UTF_8));
    }

    private static Set<String> roles(Object value) {
        Set<String> roles = new LinkedHashSet<>();
        if (value instanceof Collection<?> list) {
            list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(roles::add);
        } else if (value instanceof String text && !text.isBlank()) {
            roles.addAll(List.of(text.strip().split("\\s+")));
        }
        return roles;
    }

    /** Whether the external issuer says it verified the user's email address (the configured claim). */
    public boolean externalEmailVerified(JwtClaims claims) {
        Object verified = claim(claims, externalConfig.emailVerifiedClaim());
        return Boolean.TRUE.equals(verified) || "true".equals(verified);
    }

    private static Object claim(JwtClaims claims, String path) {
        Object value = claims.getClaimsMap();
        for (String part : path.split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(part);
        }
        return value;
    }

    private static JwtConsumer consumer(String issuer, String audience, VerificationKeyResolver resolver, List<String> algorithms) {
        return new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .setExpectedIssuer(issuer)
                .setExpectedAudience(audience)
                .setVerificationKeyResolver(resolver)
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        algorithms.toArray(String[]::new)))
                .build();
    }
}
