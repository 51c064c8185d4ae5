package dev.agora.gateway.auth.service;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;

import dev.agora.common.auth.CurrentUser;
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

    /** @param orgs the user's memberships, organization slug → role (the {@code orgs} claim) */
    public String issue(User user, Map<String, String> orgs) {
        Instant now = Instant.now();
        return Jwt.issuer(issuer)
                .audience(audience)
                .subject(user.id.toString())
                .upn(user.email)
                .claim(Claims.email.name(), user.email)
                // global roles: none are granted yet
                .groups(Set.<String> of())
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

    public long lifetimeSeconds() {
        return config.accessTokenTtl().toSeconds();
    }
}
