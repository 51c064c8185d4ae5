package dev.agora.gateway.auth;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * An external OpenID Connect issuer (Keycloak, Auth0, Supabase, ...) whose access tokens the edge also accepts.
 * Off unless {@code issuer} is set; its tokens are then verified against its key set and exchanged for an
 * internal token of the mapped principal.
 */
@ConfigMapping(prefix = "agora.gateway.external-idp")
public interface ExternalIdpConfig {
    /** The exact {@code iss} of its tokens. */
    Optional<String> issuer();

    /** The {@code aud} its tokens must carry. */
    Optional<String> audience();

    /**
     * Its JWKS: an {@code https://} URL (fetched and refreshed on unknown {@code kid}s), or a file or classpath
     * location (tests, air-gapped setups). Plain {@code http://} is refused at start-up: whoever sits on the path
     * could hand the gateway their own keys.
     */
    Optional<String> jwksLocation();

    /**
     * The claim naming the user. Whatever it holds, the Agora user id is a name-based UUID of issuer and subject, so
     * an external user never acts as a local one.
     */
    @WithDefault("sub")
    String subjectClaim();

    @WithDefault("email")
    String emailClaim();

    /**
     * The claim saying the issuer verified the email address ({@code true}, or the string {@code "true"}); without it
     * the user counts as unverified.
     */
    @WithDefault("email_verified")
    String emailVerifiedClaim();

    /** Dotted path to the roles (a list or a space-separated string), e.g. {@code realm_access.roles}. */
    @WithDefault("roles")
    String rolesClaim();

    /**
     * The only external roles that grant anything: {@code external-role=agora-group} pairs, e.g.
     * {@code agora-admins=admin,chain-indexers=ingestor}; Agora groups are {@code admin}, {@code ingestor} and
     * {@code payments}. A role not listed grants nothing, whatever its name.
     */
    Optional<List<String>> roleMapping();

    @WithDefault("RS256")
    List<String> algorithms();
}
